/** @module BMX motos from logs: the real ProChip gate and rider frames, DNS and DNF, max time, manual gate, min time, points and corrections. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeAll, type P3Record } from '../../../shared/p3/index.ts';
import { RaceEngine, type BmxRaceView, type DerivedEvent } from '../../../shared/race/index.ts';
import { describeWithShared, sharedPath } from '../../support/shared-fixtures.ts';
import { RaceLog } from '../../support/race-log.ts';

const DECODER = 786640;
const FL = 102758186;
const GATE_US = 1_761_855_822_438_228;

function fixtureRecord(name: string): P3Record {
  return decodeAll(readFileSync(sharedPath(`fixtures/p3/${name}`))).good[0]!.record;
}

function setup(log: RaceLog, atUs: number): void {
  // The decoder answers GET_TIME at connect: its clock agrees with the box's.
  log.getTime(DECODER, atUs - 1e6, 0);
  log.intent('event.setup', {
    event_id: 'club-night',
    name: 'Club night',
    classes: [{ class_id: 'boys-13', name: 'Boys 13', format: 'bmx' }],
    riders: [
      { rider_id: 'fl', name: 'F. Lopez', plate: '94', class_id: 'boys-13', transponders: [FL] },
      { rider_id: 'bo', name: 'B. Olsen', plate: '12', class_id: 'boys-13', transponders: [200000001] },
      { rider_id: 'ca', name: 'C. Alves', plate: '7', class_id: 'boys-13', transponders: [200000002] },
      { rider_id: 'di', name: 'D. Iversen', plate: '31', class_id: 'boys-13', transponders: [200000003] },
    ],
  }, atUs);
}

function stageMoto(log: RaceLog, atUs: number, extra: Record<string, unknown> = {}): void {
  log.intent('race.stage', {
    event_id: 'club-night', class_id: 'boys-13', format: 'bmx', race_id: 'moto-1', name: 'Moto 1',
    lineup: [{ rider_id: 'fl', lane: 3 }, { rider_id: 'bo', lane: 1 }, { rider_id: 'ca', lane: 2 }, { rider_id: 'di', lane: 4 }],
    ...extra,
  }, atUs);
}

function run(log: RaceLog): { engine: RaceEngine; events: DerivedEvent[] } {
  const engine = RaceEngine.create();
  const events = log.envelopes.flatMap((e) => engine.apply(e));
  return { engine, events };
}

const moto = (engine: RaceEngine, id = 'moto-1') => engine.race(id)!.race as BmxRaceView;
const row = (view: BmxRaceView, rider: string) => view.rows.find((r) => r.rider_id === rider)!;

describeWithShared('bmx moto from the real ProChip capture', ['fixtures/p3/erathe_bmx_gate9992_008.bin', 'fixtures/p3/erathe_bmx_rider_017.bin'], () => {
  it('bmx moto - gate 9992 starts the moto and the real rider passing finishes it 39.379 s later', () => {
    const log = new RaceLog();
    setup(log, GATE_US - 300e6);
    stageMoto(log, GATE_US - 60e6);
    log.record(fixtureRecord('erathe_bmx_gate9992_008.bin'), GATE_US + 3000);
    log.passing(DECODER, 8856, 200000002, GATE_US + 3_100_000); // C on the hill loop: seen, too early for a finish
    log.passing(DECODER, 8858, 200000001, GATE_US + 37_200_000);
    log.record(fixtureRecord('erathe_bmx_rider_017.bin'), 1_761_855_861_820_000);
    log.intent('race.force_finish', { race_id: 'moto-1' }, GATE_US + 70e6);
    const { engine, events } = run(log);
    const view = moto(engine);
    expect(view.gate).toEqual({ source: 'passing', transponder: 9992, decoder_id: DECODER });
    expect(view.started_at_us).toBe(GATE_US);
    expect(view.status).toBe('finished');
    expect(view.finish_reason).toBe('force_finish');
    expect(row(view, 'bo')).toMatchObject({ lane: 1, status: 'finished', place: 1, elapsed_ms: 37_200, gap_ms: 0, points: 1 });
    expect(row(view, 'fl')).toMatchObject({ lane: 3, status: 'finished', place: 2, elapsed_ms: 39_379, gap_ms: 2_179, points: 2 });
    expect(row(view, 'ca')).toMatchObject({ status: 'dnf', place: null, elapsed_ms: null, points: 4 });
    expect(row(view, 'di')).toMatchObject({ status: 'dns', place: null, points: 5 });
    expect(view.rows.map((r) => r.lane)).toEqual([1, 2, 3, 4]);
    const finishes = events.filter((e) => e.type === 'race.updated' && e.payload.change.kind === 'finish');
    expect(finishes.map((e) => (e.type === 'race.updated' && e.payload.change.kind === 'finish' ? [e.payload.change.rider_id, e.payload.change.place] : null))).toEqual([['bo', 1], ['fl', 2]]);
  });
});

describe('bmx moto', () => {
  const gate = (log: RaceLog, at = GATE_US, transponder = 9992) => log.passing(DECODER, 1, transponder, at);

  it('bmx moto - ends by itself when every rider has finished', () => {
    const log = new RaceLog();
    setup(log, GATE_US - 300e6);
    stageMoto(log, GATE_US - 60e6, { lineup: [{ rider_id: 'fl', lane: 1 }, { rider_id: 'bo', lane: 2 }] });
    gate(log);
    log.passing(DECODER, 2, FL, GATE_US + 35e6);
    log.passing(DECODER, 3, 200000001, GATE_US + 36e6);
    const { engine } = run(log);
    expect(moto(engine)).toMatchObject({ status: 'finished', finish_reason: 'all_finished', finished_at_us: GATE_US + 36e6 });
  });

  it('bmx moto - a decoder time past the maximum race time closes it at gate plus 180 s', () => {
    const log = new RaceLog();
    setup(log, GATE_US - 300e6);
    stageMoto(log, GATE_US - 60e6);
    gate(log);
    log.passing(DECODER, 2, FL, GATE_US + 40e6);
    log.passing(DECODER, 3, 555, GATE_US + 181e6); // someone else's practice lap after the moto
    const { engine } = run(log);
    const view = moto(engine);
    expect(view).toMatchObject({ status: 'finished', finish_reason: 'max_time', finished_at_us: GATE_US + 180e6 });
    expect(row(view, 'bo').status).toBe('dns');
  });

  it('bmx moto - a logged race.gate starts the moto when the gate is not wired', () => {
    const log = new RaceLog();
    setup(log, GATE_US - 300e6);
    stageMoto(log, GATE_US - 60e6);
    log.intent('race.gate', { race_id: 'moto-1' }, GATE_US);
    log.passing(DECODER, 2, FL, GATE_US + 40e6);
    const { engine } = run(log);
    const view = moto(engine);
    expect(view.gate).toEqual({ source: 'intent', transponder: null, decoder_id: null });
    expect(row(view, 'fl').elapsed_ms).toBe(40_000);
  });

  it('bmx moto - a crossing before the minimum time is not a finish', () => {
    const log = new RaceLog();
    setup(log, GATE_US - 300e6);
    stageMoto(log, GATE_US - 60e6, { min_time_ms: 20_000 });
    gate(log);
    log.passing(DECODER, 2, FL, GATE_US + 15e6);
    log.passing(DECODER, 3, FL, GATE_US + 38e6);
    const { engine } = run(log);
    expect(row(moto(engine), 'fl')).toMatchObject({ status: 'finished', elapsed_ms: 38_000 });
  });

  it('bmx moto - a gate drop with nothing staged times nothing and says so', () => {
    const log = new RaceLog();
    gate(log);
    const { events } = run(log);
    expect(events.filter((e) => e.type !== 'decoder.clock')).toEqual([expect.objectContaining({ type: 'gate.unassigned', payload: { decoder_id: DECODER, transponder: 9992, at_us: GATE_US + 2000 } })]);
  });

  it('bmx moto - corrections: an ignored finish and an added one re-place the riders and are kept with who and why', () => {
    const log = new RaceLog();
    setup(log, GATE_US - 300e6);
    stageMoto(log, GATE_US - 60e6);
    gate(log);
    log.passing(DECODER, 2, FL, GATE_US + 35e6);
    log.passing(DECODER, 3, 200000001, GATE_US + 36e6);
    log.intent('race.force_finish', { race_id: 'moto-1' }, GATE_US + 90e6);
    log.intent('passing.ignore', { race_id: 'moto-1', ref: `${DECODER}:2`, reason: 'wrong bike on the loop' }, GATE_US + 100e6, 'chief');
    log.intent('passing.add', { race_id: 'moto-1', rider_id: 'di', time_ms: 34_500, reason: 'video: transponder failed' }, GATE_US + 110e6, 'chief');
    const { engine } = run(log);
    const view = moto(engine);
    expect(row(view, 'di')).toMatchObject({ status: 'finished', place: 1, elapsed_ms: 34_500 });
    expect(row(view, 'bo')).toMatchObject({ place: 2, gap_ms: 1_500 });
    expect(row(view, 'fl').status).toBe('dns');
    expect(view.corrections.map((c) => [c.kind, c.by, c.reason])).toEqual([['ignore', 'chief', 'wrong bike on the loop'], ['add', 'chief', 'video: transponder failed']]);
    expect(engine.race('moto-1')!.passings.find((p) => p.ref === `${DECODER}:2`)).toMatchObject({ ignored: true, rider_id: 'fl' });
  });

  it('bmx moto - standings total the points across motos, the last moto breaking ties', () => {
    const log = new RaceLog();
    setup(log, GATE_US - 300e6);
    const orders = [['fl', 'bo'], ['bo', 'fl'], ['fl', 'bo']];
    const transponder: Record<string, number> = { fl: FL, bo: 200000001 };
    orders.forEach((order, i) => {
      const t0 = GATE_US + i * 300e6;
      log.intent('race.stage', { event_id: 'club-night', class_id: 'boys-13', format: 'bmx', lineup: [{ rider_id: 'fl', lane: 1 }, { rider_id: 'bo', lane: 2 }] }, t0 - 30e6);
      log.passing(DECODER, 100 + i * 10, 9992, t0);
      order.forEach((rider, place) => log.passing(DECODER, 101 + i * 10 + place, transponder[rider]!, t0 + 35e6 + place * 1e6));
    });
    const { engine } = run(log);
    const [standings] = engine.standings('club-night');
    expect(standings!.rows.map((r) => [r.rider_id, r.total_points, r.results.map((x) => x.points)])).toEqual([['fl', 4, [1, 2, 1]], ['bo', 5, [2, 1, 2]]]);
    expect(engine.races({ eventId: 'club-night' }).map((r) => r.race_id)).toEqual(['r3', 'r2', 'r1']);
  });

  it('bmx moto - intents the race state does not allow are refused with the reason, and change nothing', () => {
    const log = new RaceLog();
    setup(log, GATE_US - 300e6);
    stageMoto(log, GATE_US - 60e6);
    log.intent('race.stage', { event_id: 'club-night', format: 'bmx', lineup: [{ rider_id: 'fl', lane: 1 }] }, GATE_US - 50e6);
    log.intent('race.start', { race_id: 'moto-1' }, GATE_US - 40e6);
    log.intent('race.force_finish', { race_id: 'moto-1' }, GATE_US - 30e6);
    const { engine, events } = run(log);
    const refused = events.filter((e) => e.type === 'intent.refused').map((e) => (e.type === 'intent.refused' ? e.payload.reason : ''));
    expect(refused).toEqual([
      'race moto-1 is staged and not started: start it or reset it first',
      'race moto-1 is a BMX moto: it starts with the gate drop (race.gate)',
      'race moto-1 has not started: reset it instead',
    ]);
    expect(moto(engine).status).toBe('staged');
  });
});
