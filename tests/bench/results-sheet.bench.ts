/** @module Results sheet for a full event: the HTML of one event's sheet (300 riders in 13 classes, 90 BMX motos and 30 RC heats) built from the engine in memory, as `GET /results/events/<id>` builds it; median of 25 runs. */
import { performance } from 'node:perf_hooks';
import { resultsSource } from '../../appliance/service/results/source.ts';
import { eventSheet } from '../../appliance/service/results/event-sheet.ts';
import { localTime } from '../../appliance/service/results/local-time.ts';
import { seededRng } from '../../shared/random/index.ts';
import { RaceEngine } from '../../shared/race/index.ts';
import { RaceLog } from '../support/race-log.ts';
import type { BenchEntry } from './bench-types.ts';

const RUNS = 25;
const SEED = 20_261_205;
const DECODER = 7;

/** 10 BMX classes of 24 (three motos of 8, three rounds) and 3 RC classes of 20 (two heats of 10, five rounds): 300 riders, 120 races. */
function meetingEngine(): { engine: RaceEngine; races: number; riders: number } {
  const rng = seededRng(SEED);
  const log = new RaceLog(SEED);
  let t = 1_764_900_000_000_000;
  let pn = 1;
  const bmx = Array.from({ length: 10 }, (_, i) => ({ class_id: `bmx-${i + 1}`, name: `BMX class ${i + 1}`, format: 'bmx' as const, size: 24, split: 8, rounds: 3 }));
  const rc = Array.from({ length: 3 }, (_, i) => ({ class_id: `rc-${i + 1}`, name: `RC class ${i + 1}`, format: 'timed' as const, size: 20, split: 10, rounds: 5 }));
  const classes = [...bmx, ...rc];
  const riders = classes.flatMap((c, k) => Array.from({ length: c.size }, (_, i) => ({ rider_id: `${c.class_id}-${i + 1}`, name: `Rider ${k * 100 + i + 1}`, plate: String(k * 100 + i + 1), class_id: c.class_id, transponders: [1_000_000 + k * 100 + i] })));
  log.intent('event.setup', { event_id: 'full-day', name: 'Full day', date: '2026-12-05', classes: classes.map(({ class_id, name, format }) => ({ class_id, name, format })), riders, decoders: [] }, t);
  let races = 0;
  for (const c of classes) {
    const field = riders.filter((r) => r.class_id === c.class_id);
    for (let round = 1; round <= c.rounds; round++) {
      for (let s = 0; s < field.length; s += c.split) {
        const group = field.slice(s, s + c.split);
        const race_id = `${c.class_id}-r${round}-${s / c.split + 1}`;
        races++;
        if (c.format === 'bmx') {
          log.intent('race.stage', { event_id: 'full-day', race_id, class_id: c.class_id, format: 'bmx', round, lineup: group.map((r, i) => ({ rider_id: r.rider_id, lane: i + 1 })) }, (t += 10e6));
          log.passing(DECODER, pn++, 9992, (t += 10e6));
          const finishes = group.map((r) => ({ r, at: t + rng.between(30, 40) * 1e6 })).sort((a, b) => a.at - b.at);
          for (const { r, at } of finishes) log.passing(DECODER, pn++, r.transponders[0]!, Math.round(at));
          t = Math.round(finishes.at(-1)!.at + 5e6);
        } else {
          log.intent('race.stage', { event_id: 'full-day', race_id, class_id: c.class_id, format: 'timed', round, duration_ms: 240_000, lineup: group.map((r) => ({ rider_id: r.rider_id })) }, (t += 10e6));
          log.intent('race.start', { race_id }, (t += 10e6));
          const cars = group.map((r) => ({ r, lap: rng.between(18, 24) * 1e6, next: t + rng.between(1, 6) * 1e6, flagged: false }));
          const up = t + 240e6;
          while (cars.some((car) => !car.flagged)) {
            const car = cars.filter((x) => !x.flagged).reduce((a, b) => (a.next < b.next ? a : b));
            log.passing(DECODER, pn++, car.r.transponders[0]!, Math.round(car.next));
            if (car.next > up) car.flagged = true;
            car.next += car.lap * rng.between(0.97, 1.03);
          }
          t = Math.round(Math.max(...cars.map((car) => car.next)) + 5e6);
        }
      }
    }
  }
  const engine = RaceEngine.create();
  for (const envelope of log.envelopes) engine.apply(envelope);
  return { engine, races, riders: riders.length };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export const resultsSheetBench: BenchEntry = {
  name: 'results sheet for a full event (ms, median)',
  target: { value: 50, better: 'lower' },
  async run() {
    const { engine, races, riders } = meetingEngine();
    const finished = engine.races({ eventId: 'full-day' }).filter((r) => r.status === 'finished').length;
    if (finished !== races) throw new Error(`only ${finished} of ${races} races finished: the generated day is wrong`);
    // The event is live, so the archive is never read.
    const source = resultsSource(engine, { archivedEvents: async () => [], archivedEvent: async () => undefined, archivedMeeting: async () => undefined, archivedRace: async () => undefined });
    const ctx = { club: 'Bench club', time: localTime('Europe/London'), nowUs: 1_764_990_000_000_000 };
    const build = async () => eventSheet(ctx, (await source.event('full-day'))!)!.text;
    for (let i = 0; i < 3; i++) await build();
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      bytes = (await build()).length;
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return {
      value: round(times[Math.floor(RUNS / 2)]!),
      unit: 'ms',
      detail: { riders, races, html_chars: bytes, runs: RUNS, statistic: 'median', best_ms: round(times[0]!), worst_ms: round(times[RUNS - 1]!) },
    };
  },
};
