/** @module BMX meeting mains time: a 300-rider day of two dozen classes (2 to 24 riders), moto sheet built and every class taken from its moto results through quarters and semis to its main; median of 25 runs. */
import { performance } from 'node:perf_hooks';
import { seededRng } from '../../shared/random/index.ts';
import {
  buildMotoSheet, type MotoResult, resolveFormat, type MotoSheet, motoLineup, proposeFromMotos, proposeNextStage, type ProposedRace, readGroupMotos, type SheetClass,
} from '../../shared/race/meeting/index.ts';
import type { BenchEntry } from './bench-types.ts';

const RIDERS = 300;
const RUNS = 25;
const SEED = 20_261_204;

/** Classes of 2 to 24 riders, as a regional day has them, adding up to exactly 300. */
function meetingClasses(): SheetClass[] {
  const rng = seededRng(SEED);
  const classes: SheetClass[] = [];
  let left = RIDERS;
  while (left > 0) {
    const size = Math.min(left, rng.int(2, 24));
    const id = `class-${classes.length + 1}`;
    classes.push({ class_id: id, riders: Array.from({ length: size }, (_, i) => ({ rider_id: `${id}-r${i + 1}`, plate: String(i + 1) })) });
    left -= size;
  }
  return classes;
}

/** A finish order drawn per moto (one in forty a DNF), the way a moto is scored. */
function finish(raceId: string, riders: string[], rng: ReturnType<typeof seededRng>): MotoResult {
  const order = rng.sample(riders, riders.length);
  const dnf = order.filter(() => rng.bool(0.025));
  const finishers = order.filter((id) => !dnf.includes(id));
  return {
    race_id: raceId,
    rows: [
      ...finishers.map((rider_id, i) => ({ rider_id, status: 'finished' as const, place: i + 1, points: i + 1 })),
      ...dnf.map((rider_id) => ({ rider_id, status: 'dnf' as const, place: null, points: riders.length })),
    ],
  };
}

/** Every moto run in order, transferred riders sitting out: the results race control would hold before the mains. */
function motoResults(sheet: MotoSheet): Map<string, MotoResult> {
  const rng = seededRng(SEED + 1);
  const results = new Map<string, MotoResult>();
  for (const moto of sheet.motos) {
    const group = sheet.groups.find((g) => g.group_id === moto.group_id)!;
    const format = resolveFormat({ kind: 'transfer' }, group.splits.flat().length);
    const code = format.kind === 'transfer' ? format.code : null;
    const gone = new Set(readGroupMotos(sheet, moto.group_id, results, code).transfers.map((t) => t.rider_id));
    const lineup = motoLineup(moto, gone).map((s) => s.rider_id);
    if (lineup.length > 0) results.set(moto.race_id, finish(moto.race_id, lineup, rng));
  }
  return results;
}

/** From the moto results to each class's main: the work race control asks for as the motos end. */
function buildMains(classes: SheetClass[], results: Map<string, MotoResult>): { sheet: MotoSheet; mains: number; races: number } {
  const sheet = buildMotoSheet(classes, { seed: SEED });
  const rng = seededRng(SEED + 2);
  let mains = 0;
  let races = 0;
  for (const group of sheet.groups) {
    let stage: ProposedRace[] | null = proposeFromMotos(sheet, group.group_id, { kind: 'transfer' }, results).races;
    while (stage && stage.length > 0) {
      races += stage.length;
      if (stage[0]!.stage === 'main') {
        mains++;
        break;
      }
      const stageResults = new Map(stage.map((r) => [r.race_id, finish(r.race_id, r.lineup.map((s) => s.rider_id), rng)]));
      stage = proposeNextStage(stage, stageResults, sheet.seed);
    }
  }
  return { sheet, mains, races };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export const bmxMeetingBench: BenchEntry = {
  name: 'build mains for a 300-rider BMX meeting (ms, median)',
  target: { value: 50, better: 'lower' },
  async run() {
    const classes = meetingClasses();
    // Moto results depend only on the sheet, which is the same on every run (same seed).
    const results = motoResults(buildMotoSheet(classes, { seed: SEED }));
    for (let i = 0; i < 3; i++) buildMains(classes, results);
    const times: number[] = [];
    let last = buildMains(classes, results);
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      last = buildMains(classes, results);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return {
      value: round(times[Math.floor(RUNS / 2)]!),
      unit: 'ms',
      detail: { riders: RIDERS, classes: classes.length, groups: last.sheet.groups.length, motos: last.sheet.motos.length, races_after_motos: last.races, mains: last.mains, runs: RUNS, statistic: 'median', best_ms: round(times[0]!), worst_ms: round(times[RUNS - 1]!) },
    };
  },
};
