/**
 * @module A race meeting run on the box's own pieces: intents and decoder passings appended to a real
 * LevelDB envelope log at chosen track times, the engine host applying them and keeping its store as on
 * the box, and the results and meeting routes served from it by a Hono app.
 */
import { join } from 'node:path';
import { Hono } from 'hono';
import { EnvelopeLog } from '../../../appliance/log/index.ts';
import { RaceHost } from '../../../appliance/race/race-host.ts';
import { mountMeetingRoutes } from '../../../appliance/service/meeting-routes.ts';
import { mountResults } from '../../../appliance/service/results/index.ts';
import type { IntentName } from '../../../shared/contracts/index.ts';
import type { DerivedEvent } from '../../../shared/race/index.ts';
import { entryOf } from '../../bench/race-day-dir.ts';
import { tempLevelDir } from '../../harness/index.ts';
import { RaceLog } from '../../support/race-log.ts';
import { heatCrossings, heatEnd, LOOP, MOTO_US, motoFinishes, type Crossing, type dayEvent } from '../../unit/race/meeting-run/meeting-day.ts';

/** The "made at" line's clock, fixed so a page printed twice is the same bytes. */
const PRINTED_AT_MS = 1_764_930_000_000;

export class BoxMeetingDay {
  /** Builds envelopes as the control desk and the intake hand them to the log. */
  private readonly build = new RaceLog(5);
  private readonly transponders = new Map<string, number>();
  private pn = 1;
  private running = true;
  /** Track time of the next intent, µs. */
  t = Date.now() * 1000 - 2 * 24 * 3600e6;

  private constructor(
    readonly dir: string,
    private log: EnvelopeLog,
    private host: RaceHost,
  ) {}

  static async open(cleanups: (() => Promise<unknown>)[]): Promise<BoxMeetingDay> {
    const temp = await tempLevelDir('mre-meeting-box-');
    cleanups.push(temp.cleanup);
    const { log, host } = await BoxMeetingDay.start(temp.path);
    const day = new BoxMeetingDay(temp.path, log, host);
    cleanups.push(() => day.stop());
    return day;
  }

  private static async start(dir: string): Promise<{ log: EnvelopeLog; host: RaceHost }> {
    const log = await EnvelopeLog.open({ dir: join(dir, 'log'), trackId: 'local-track', clientId: 'appliance-1', limits: { minFreeBytes: 0 } });
    const { host } = await RaceHost.start({ log, dir: join(dir, 'engine') });
    return { log, host };
  }

  get engine(): RaceHost['engine'] {
    return this.host.engine;
  }

  /** The box's results and meeting routes over this host's engine and store. */
  app(): Hono {
    const app = new Hono();
    mountResults(app, { engine: this.host.engine, archive: this.host.archive, clubName: 'Test club', timeZone: 'UTC', now: () => PRINTED_AT_MS });
    mountMeetingRoutes(app, this.host.engine, this.host.archive);
    return app;
  }

  /** Logs the intent a second after the last one; the derived events it gave. */
  async intent(name: IntentName, args: Record<string, unknown>): Promise<DerivedEvent[]> {
    this.t += 1_000_000;
    const [stored] = await this.log.append([entryOf(this.build.intent(name, args, this.t))]);
    return this.host.takeDerived(stored!.lsn);
  }

  async setUp(event: ReturnType<typeof dayEvent>): Promise<void> {
    for (const r of event.riders) this.transponders.set(r.rider_id, r.transponders[0]!);
    await this.intent('event.setup', event);
  }

  private async cross(crossings: Crossing[]): Promise<void> {
    await this.log.append(crossings.map((c) => entryOf(this.build.passing(LOOP, this.pn++, this.transponders.get(c.id)!, c.at))));
  }

  async stageNext(eventId: string): Promise<string> {
    const events = await this.intent('meeting.stage_next', { event_id: eventId });
    const staged = events.find((e) => e.type === 'race.updated' && e.payload.change.kind === 'staged');
    if (!staged) throw new Error(`nothing staged: ${JSON.stringify(events.find((e) => e.type === 'intent.refused')?.payload)}`);
    return staged.race_id!;
  }

  private lineup(raceId: string): string[] {
    return this.engine.race(raceId)!.race.rows.map((r) => r.rider_id ?? '');
  }

  /** Gate drop by race control, the riders home fastest first. */
  async runMoto(raceId: string): Promise<void> {
    await this.intent('race.gate', { race_id: raceId });
    await this.cross(motoFinishes(this.lineup(raceId), this.t));
    this.t += MOTO_US;
    if (this.engine.race(raceId)!.race.status === 'running') await this.intent('race.force_finish', { race_id: raceId });
  }

  /** The start tone, laps for `durationS`, the flag. */
  async runHeat(raceId: string, durationS: number): Promise<void> {
    await this.intent('race.start', { race_id: raceId });
    const start = this.t;
    await this.cross(heatCrossings(this.lineup(raceId), start, durationS));
    this.t = heatEnd(start, durationS);
    if (this.engine.race(raceId)!.race.status === 'running') await this.intent('race.force_finish', { race_id: raceId });
  }

  /** Stops and starts the host again on the same data dir, as a box restart does. */
  async restart(): Promise<void> {
    await this.stop();
    ({ log: this.log, host: this.host } = await BoxMeetingDay.start(this.dir));
    this.running = true;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.host.stop();
    await this.log.close();
  }
}
