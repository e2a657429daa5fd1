/** @module A meeting day for engine tests: an event with classes and riders, intents logged and applied in order, motos and heats run with real passings on the finish loop. */
import type { IntentName } from '../../../../shared/contracts/index.ts';
import { RaceEngine, type DerivedEvent, type MeetingView } from '../../../../shared/race/index.ts';
import { RaceLog } from '../../../support/race-log.ts';

export const LOOP = 22;

export interface DayClass {
  class_id: string;
  riders: number;
}

/** Riders `<class>-1` … `<class>-N`; the lower the number, the faster the rider. */
export function dayEvent(eventId: string, classes: DayClass[], role: 'finish' | 'lap') {
  let transponder = 500_000;
  return {
    event_id: eventId,
    name: `Meeting ${eventId}`,
    classes: classes.map((c) => ({ class_id: c.class_id, name: c.class_id.toUpperCase(), format: role === 'finish' ? 'bmx' : 'timed' })),
    riders: classes.flatMap((c) => Array.from({ length: c.riders }, (_, i) => ({ rider_id: `${c.class_id}-${i + 1}`, name: `${c.class_id} rider ${i + 1}`, plate: String(i + 1), class_id: c.class_id, transponders: [++transponder] }))),
    decoders: [{ decoder_id: LOOP, role }],
    auto_practice: { enabled: false },
  };
}

/** Rider number within the class: `b13-4` → 4 (the speed rank the helpers race by). */
export const speed = (riderId: string) => Number(riderId.split('-').at(-1));

/** A crossing of the loop by a rider, at a box time. */
export interface Crossing {
  id: string;
  at: number;
}

/** How long after its gate a moto is over: every rider home, with time to spare. */
export const MOTO_US = 40_000_000;

/** A moto's finishes after the gate at `gateUs`: fastest first (by rider number), 30 s after the gate and half a second apart. */
export function motoFinishes(riders: readonly string[], gateUs: number): Crossing[] {
  return [...riders].sort((a, b) => speed(a) - speed(b)).map((id, i) => ({ id, at: gateUs + 30_000_000 + i * 500_000 }));
}

/** A timed race started at `startUs`: laps of 20 s + 0.3 s per speed rank, until 15 s past `durationS`, in time order. */
export function heatCrossings(riders: readonly string[], startUs: number, durationS: number): Crossing[] {
  const crossings: Crossing[] = [];
  for (const id of riders) {
    const lap = 20_000_000 + speed(id) * 300_000;
    for (let at = startUs + 1_000_000 + speed(id) * 10_000; at <= startUs + (durationS + 15) * 1e6; at += lap) crossings.push({ id, at });
  }
  return crossings.sort((a, b) => a.at - b.at);
}

/** When a timed race started at `startUs` is over, every driver flagged. */
export const heatEnd = (startUs: number, durationS: number) => startUs + (durationS + 20) * 1e6;

export class MeetingDay {
  readonly log = new RaceLog(3);
  engine = RaceEngine.create();
  readonly events: DerivedEvent[] = [];
  t = 1_761_900_000_000_000;
  private pn = 1;
  private readonly transponders = new Map<string, number>();

  constructor(readonly eventId: string, event: ReturnType<typeof dayEvent>) {
    for (const r of event.riders) this.transponders.set(r.rider_id, r.transponders[0]!);
    this.intent('event.setup', event);
  }

  intent(name: IntentName, args: Record<string, unknown>): DerivedEvent[] {
    this.t += 1_000_000;
    return this.apply(this.log.intent(name, args, this.t));
  }

  private apply(envelope: Parameters<RaceEngine['apply']>[0]): DerivedEvent[] {
    const out = this.engine.apply(envelope);
    this.events.push(...out);
    return out;
  }

  /** The intent applied, or the engine's reason for refusing it. */
  refusal(name: IntentName, args: Record<string, unknown>): string | null {
    const refused = this.intent(name, args).find((e) => e.type === 'intent.refused');
    return refused?.type === 'intent.refused' ? refused.payload.reason : null;
  }

  meeting(): MeetingView {
    return this.engine.meeting(this.eventId)!;
  }

  passing(riderId: string, atUs: number): void {
    this.apply(this.log.passing(LOOP, this.pn++, this.transponders.get(riderId)!, atUs));
  }

  /** Stages the next race of the running order and returns its race id. */
  stageNext(raceId?: string): string {
    const events = this.intent('meeting.stage_next', { event_id: this.eventId, ...(raceId ? { race_id: raceId } : {}) });
    const staged = events.find((e) => e.type === 'race.updated' && e.payload.change.kind === 'staged');
    if (!staged) throw new Error(`nothing staged: ${JSON.stringify(events.find((e) => e.type === 'intent.refused')?.payload)}`);
    return staged.race_id!;
  }

  lineup(raceId: string): string[] {
    return this.engine.race(raceId)!.race.rows.map((r) => r.rider_id ?? '');
  }

  /** A BMX race's gate: `[lane, rider_id]` by lane. */
  lanes(raceId: string): [number, string][] {
    const race = this.engine.race(raceId)!.race;
    return race.format === 'bmx' ? race.rows.map((r) => [r.lane, r.rider_id]) : [];
  }

  /** Gate drop, then the riders cross the finish loop fastest first (by rider number); `absent` never crosses (DNS). */
  runMoto(raceId: string, absent: string[] = []): void {
    this.intent('race.gate', { race_id: raceId });
    const gate = this.t;
    for (const c of motoFinishes(this.lineup(raceId).filter((id) => !absent.includes(id)), gate)) this.passing(c.id, c.at);
    this.t = gate + MOTO_US;
    if (this.engine.race(raceId)!.race.status === 'running') this.intent('race.force_finish', { race_id: raceId });
  }

  /** A timed race: the start, then laps of 20 s + 0.3 s per speed rank for `duration_s`, then the flag. */
  runHeat(raceId: string, durationS = 60): void {
    this.intent('race.start', { race_id: raceId });
    const start = this.t;
    for (const c of heatCrossings(this.lineup(raceId), start, durationS)) this.passing(c.id, c.at);
    this.t = heatEnd(start, durationS);
    if (this.engine.race(raceId)!.race.status === 'running') this.intent('race.force_finish', { race_id: raceId });
  }
}
