/** @module RC qualifying by best round, round points and consecutive laps with their tie rules; mains with bumps; multiple A-mains (docs/race-meetings.md examples 11–15). */
import { describe, expect, it } from 'vitest';
import {
  bestConsecutive, buildRcMains, fillBumps, type GridSlot, qualifierRow, type QualifierRow, type QualifyingRound, rankQualifying, rcMainsRunningOrder, scoreMultipleMains,
} from '../../../../shared/race/meeting/index.ts';
import { ids } from './meeting-fixtures.ts';

/** `12/5:03.100` as a row: laps and total ms. */
function run(rider_id: string, laps: number, total: string, lap_ms: number[] = []): QualifierRow {
  const [m, s] = total.split(':');
  return { rider_id, laps, total_ms: Math.round((Number(m) * 60 + Number(s)) * 1000), lap_ms };
}

const laps = (rider_id: string, lap_ms: number[]): QualifierRow => ({ rider_id, laps: lap_ms.length, total_ms: lap_ms.reduce((a, b) => a + b, 0), lap_ms });
const rows = (ranked: { rider_id: string; result_text: string; separated_by: string | null }[]) => ranked.map((r) => `${r.rider_id} ${r.result_text} ${r.separated_by}`);

describe('rc qualifying - best round', () => {
  const rounds: QualifyingRound[] = [
    { round: 1, rows: [run('d1', 12, '5:03.100'), run('d2', 12, '5:01.000'), run('d3', 13, '5:10.000')] },
    { round: 2, rows: [run('d1', 12, '5:01.000'), run('d2', 11, '4:59.000'), run('d4', 10, '5:20.000')] },
    { round: 3, rows: [run('d1', 11, '5:02.000'), run('d2', 12, '5:05.000'), run('d5', 10, '5:20.000')] },
  ];

  it('rc qualifying - example 11: laps then time; equal bests go to the next best round, then to who set it first', () => {
    const ranked = rankQualifying(rounds, { kind: 'best_round' });
    expect(rows(ranked)).toEqual([
      'd3 13/5:10.000 null', 'd1 12/5:01.000 result', 'd2 12/5:01.000 next_best', 'd4 10/5:20.000 result', 'd5 10/5:20.000 set_first',
    ]);
    expect(ranked.filter((r) => r.tq).map((r) => r.rider_id)).toEqual(['d3']);
    expect(ranked.map((r) => r.best_round)).toEqual([1, 2, 1, 2, 3]);
  });

  it('rc qualifying - the same rounds in another order rank alike, deep-equal', () => {
    expect(rankQualifying([...rounds].reverse().map((r) => ({ ...r, rows: [...r.rows].reverse() })), { kind: 'best_round' })).toEqual(rankQualifying(rounds, { kind: 'best_round' }));
  });
});

describe('rc qualifying - round points', () => {
  it('rc qualifying - example 12: best 2 of 3 at 100, 99, 98 …; a round with no laps scores 0 and is thrown out', () => {
    const rounds: QualifyingRound[] = [
      { round: 1, rows: [run('a', 12, '5:00.000'), run('b', 12, '5:02.000'), run('c', 11, '5:01.000'), run('d', 0, '0:00')] },
      { round: 2, rows: [run('b', 12, '5:00.500'), run('c', 12, '5:01.000'), run('a', 11, '5:03.000'), run('d', 10, '5:10.000')] },
      { round: 3, rows: [run('c', 12, '4:59.000'), run('a', 12, '5:00.000'), run('b', 12, '5:01.000'), run('d', 11, '5:00.000')] },
    ];
    const ranked = rankQualifying(rounds, { kind: 'round_points', count: 2 });
    expect(ranked.map((r) => `${r.rider_id} ${r.round_points!.join(',')} ${r.result_text} ${r.separated_by}`)).toEqual([
      'c 98,99,100 199 pts null', 'a 100,98,99 199 pts best_round', 'b 99,100,98 199 pts best_round', 'd 0,97,97 194 pts result',
    ]);
    expect(ranked[3]!.counted).toEqual([97, 97]);
  });

  it('rc qualifying - example 12b: equal counted points go to the countback over every round', () => {
    const rounds: QualifyingRound[] = [
      { round: 1, rows: [run('x', 10, '5:00.000'), run('y', 10, '5:01.000'), run('z', 9, '5:00.000')] },
      { round: 2, rows: [run('y', 10, '5:00.000'), run('z', 10, '5:02.000'), run('x', 9, '5:03.000')] },
    ];
    const ranked = rankQualifying(rounds, { kind: 'round_points', count: 1, first: 10 });
    expect(ranked.map((r) => `${r.rider_id} ${r.round_points!.join(',')} ${r.result_text} ${r.separated_by}`)).toEqual([
      'y 9,10 10 pts null', 'x 10,8 10 pts next_best', 'z 8,9 9 pts result',
    ]);
  });
});

describe('rc qualifying - consecutive laps', () => {
  it('rc qualifying - example 13: best 3 consecutive laps of any round; no window ranks after every window', () => {
    const rounds: QualifyingRound[] = [
      { round: 1, rows: [laps('e', [30000, 29000, 28500, 29500, 31000]), laps('f', [28000, 28000, 31000, 28000]), laps('g', [27000, 27000])] },
      { round: 2, rows: [laps('e', [29000, 29000, 29000, 29000]), laps('f', [28000, 30000]), laps('h', [29000, 29100, 29200])] },
    ];
    expect(bestConsecutive([30000, 29000, 28500, 29500, 31000], 3)).toBe(87000);
    expect(rows(rankQualifying(rounds, { kind: 'consecutive' }))).toEqual([
      'e 3: 1:27.000 null', 'f 3: 1:27.000 next_best', 'h 3: 1:27.300 result', 'g 2/54.000 result',
    ]);
  });

  it('rc qualifying - rows from the engine: rejected crossings and lap 0 are not laps', () => {
    const row = qualifierRow({ rider_id: 'e', laps: 2, total_ms: 59000 }, [
      { lap: 1, lap_ms: 30000, rejected: false },
      { lap: 0, lap_ms: 2767, rejected: true },
      { lap: 2, lap_ms: 29000, rejected: false },
    ]);
    expect(row).toEqual({ rider_id: 'e', laps: 2, total_ms: 59000, lap_ms: [30000, 29000] });
  });
});

describe('rc mains', () => {
  const slots = (grid: GridSlot[]) => grid.map((s) => (s.bump ? `${s.grid}:${s.bump.from}${s.bump.place}=${s.rider_id ?? '?'}` : `${s.grid}:${s.rider_id}`));

  it('rc mains - example 14: 23 drivers, mains of 10 with 2 bumps, filled as the lower mains finish', () => {
    const mains = buildRcMains(ids('q', 23), { size: 10, bumps: 2 });
    expect(mains.map((m) => m.name)).toEqual(['A-Main', 'B-Main', 'C-Main']);
    expect(rcMainsRunningOrder(mains).map((m) => m.letter)).toEqual(['C', 'B', 'A']);
    expect(slots(mains[0]!.grid)).toEqual(['1:q1', '2:q2', '3:q3', '4:q4', '5:q5', '6:q6', '7:q7', '8:q8', '9:B1=?', '10:B2=?']);
    expect(slots(mains[1]!.grid)).toEqual(['1:q9', '2:q10', '3:q11', '4:q12', '5:q13', '6:q14', '7:q15', '8:q16', '9:C1=?', '10:C2=?']);
    expect(slots(mains[2]!.grid)).toEqual(['1:q17', '2:q18', '3:q19', '4:q20', '5:q21', '6:q22', '7:q23']);
    const afterC = fillBumps(mains, 'C', ['q20', 'q17', 'q23', 'q18', 'q19', 'q21', 'q22']);
    expect(slots(afterC[1]!.grid).slice(8)).toEqual(['9:C1=q20', '10:C2=q17']);
    expect(afterC[0]).toBe(mains[0]);
    const afterB = fillBumps(afterC, 'B', ['q9', 'q20', 'q10', 'q11', 'q12', 'q17', 'q13', 'q14', 'q15', 'q16']);
    expect(slots(afterB[0]!.grid).slice(8)).toEqual(['9:B1=q9', '10:B2=q20']);
    expect(mains[1]!.grid[8]!.rider_id).toBeNull();
  });

  it('rc mains - a field that fits one main has no bump slots; no bumps means no slots', () => {
    expect(buildRcMains(ids('q', 10), { size: 10, bumps: 2 }).map((m) => m.grid.length)).toEqual([10]);
    expect(buildRcMains(ids('q', 21), { size: 10, bumps: 0 }).map((m) => m.grid.length)).toEqual([10, 10, 1]);
  });
});

describe('rc multiple A-mains', () => {
  it('rc multiple A-mains - example 15: best 2 of 3 by position points, countback over all three', () => {
    const leg = (...order: string[]) => ({ rows: order.map((rider_id) => run(rider_id, 20, '8:00.000')) });
    const scored = scoreMultipleMains([leg('a', 'b', 'c', 'd'), leg('b', 'a', 'd', 'c'), leg('c', 'b', 'a', 'd')], 2, ['a', 'b', 'c', 'd']);
    expect(scored.map((r) => `${r.rider_id} ${r.points.join(',')} ${r.total} ${r.separated_by}`)).toEqual([
      'b 2,1,2 3 null', 'a 1,2,3 3 countback', 'c 3,4,1 4 total', 'd 4,3,4 7 total',
    ]);
  });

  it('rc multiple A-mains - example 15b: level on points and countback, the faster run, then the better qualifier', () => {
    const legs = [{ rows: [run('x', 12, '5:00.000'), run('y', 12, '5:01.000')] }, { rows: [run('y', 12, '4:59.000'), run('x', 12, '5:02.000')] }];
    expect(scoreMultipleMains(legs, 1, ['x', 'y']).map((r) => `${r.rider_id} ${r.separated_by}`)).toEqual(['y null', 'x best_run']);
    const even = [{ rows: [run('x', 12, '5:00.000'), run('y', 12, '5:01.000')] }, { rows: [run('y', 12, '5:00.000'), run('x', 12, '5:02.000')] }];
    expect(scoreMultipleMains(even, 1, ['y', 'x']).map((r) => `${r.rider_id} ${r.separated_by}`)).toEqual(['y null', 'x qualified']);
  });

  it('rc multiple A-mains - a driver missing from a leg scores its field + 1; with fewer legs run than count, all count', () => {
    const scored = scoreMultipleMains([{ rows: [run('a', 10, '5:00.000'), run('b', 9, '5:00.000')] }], 2, ['a', 'b', 'c']);
    expect(scored.map((r) => `${r.rider_id} ${r.points.join(',')} ${r.total}`)).toEqual(['a 1 1', 'b 2 2', 'c 3 3']);
  });
});
