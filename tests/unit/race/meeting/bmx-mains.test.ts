/** @module BMX formats and mains: the transfer table and its edits, transfers and lane choice, total points and its tie rules, semis to the main, the mains diff (docs/race-meetings.md examples 5–10). */
import { describe, expect, it } from 'vitest';
import {
  buildMotoSheet, buildStage, byLot, type BmxFormat, mainsChanges, motoLineup, type MotoResult, type MotoSheet, proposeFromMotos, proposeNextStage,
  racesFor, rankByPoints, readGroupMotos, resolveFormat, USA_BMX_TRANSFERS,
} from '../../../../shared/race/meeting/index.ts';
import { cls, ids, motoId, result } from './meeting-fixtures.ts';

const transfer: BmxFormat = { kind: 'transfer' };
const lanes = (race: { lineup: { lane: number; rider_id: string }[] }) => race.lineup.map((s) => `${s.lane}:${s.rider_id}`);
const results = (list: MotoResult[]) => new Map(list.map((r) => [r.race_id, r]));

/** Lot order of two riders for the sheet's seed: the only thing the examples leave to the draw. */
const byLotPair = (sheet: MotoSheet, a: string, b: string) => [a, b].sort(byLot(sheet.seed));

describe('bmx format - the transfer table', () => {
  it('bmx format - example 5: the USA BMX table by class size', () => {
    const text = (n: number) => resolveFormat(transfer, n).text;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 17, 40].map(text)).toEqual([
      'total points', 'total points', 'total points', '1-1-1', '1-1-2', '1-2-2', '2-2-2', '2-2-3', '1-1-2', '1-1-2', '1-1-2', '1-1-2', '1-1-2',
    ]);
  });

  it('bmx format - an edited table is honoured: 8 riders on 3-3-2 transfer three, three, then two', () => {
    const table = USA_BMX_TRANSFERS.map((row) => (row.min === 8 ? { ...row, code: [3, 3, 2] } : row));
    expect(resolveFormat({ kind: 'transfer', table }, 8).text).toBe('3-3-2');
    const sheet = buildMotoSheet([cls('c', ids('r', 8))], { seed: 4 });
    const done: MotoResult[] = [];
    for (let round = 1; round <= 3; round++) {
      const before = readGroupMotos(sheet, 'c', results(done), [3, 3, 2]);
      const gone = new Set(before.transfers.map((t) => t.rider_id));
      const moto = sheet.motos.find((m) => m.round === round)!;
      done.push(result(moto.race_id, motoLineup(moto, gone).map((s) => s.rider_id)));
    }
    const proposal = proposeFromMotos(sheet, 'c', { kind: 'transfer', table }, results(done));
    expect(proposal.transfers.map((t) => t.round)).toEqual([1, 1, 1, 2, 2, 2, 3, 3]);
    expect(proposal.races[0]!.lineup).toHaveLength(8);
    // The same results under the unedited table transfer 2-2-3 and leave one rider to the end.
    expect(proposeFromMotos(sheet, 'c', transfer, results(done)).transfers.map((t) => t.round)).toEqual([1, 1, 2, 2, 3, 3]);
  });
});

describe('bmx transfer - one split', () => {
  const sheet = buildMotoSheet([cls('c', ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])], { seed: 21 });
  const m1 = result(motoId(sheet, 'c', 0, 1), ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
  const m2 = result(motoId(sheet, 'c', 0, 2), ['D', 'C', 'F', 'E', 'H', 'G']);
  const m3 = result(motoId(sheet, 'c', 0, 3), ['E', 'H', 'F'], [], ['G']);

  it('bmx transfer - example 6: 2-2-3, transferred riders sit out, a DNS never transfers, everyone rides the main', () => {
    const proposal = proposeFromMotos(sheet, 'c', transfer, results([m1, m2, m3]));
    expect(proposal.format.text).toBe('2-2-3');
    expect(proposal.transfers.map((t) => `${t.rider_id}${t.round}.${t.place}`)).toEqual(['A1.1', 'B1.2', 'D2.1', 'C2.2', 'E3.1', 'H3.2', 'F3.3']);
    expect(proposal.complete).toBe(true);
    expect(proposal.races).toHaveLength(1);
    expect(proposal.races[0]!.name).toBe('Main');
    expect(lanes(proposal.races[0]!)).toEqual(['1:A', '2:B', '3:D', '4:C', '5:E', '6:H', '7:F', '8:G']);
    const custom = proposeFromMotos(sheet, 'c', transfer, results([m1, m2, m3]), { lane_preference: [4, 5, 3, 6, 2, 7, 1, 8] });
    expect(lanes(custom.races[0]!)).toEqual(['1:F', '2:E', '3:D', '4:A', '5:B', '6:C', '7:H', '8:G']);
  });

  it('bmx transfer - the riders who line up for moto 2 and 3 are those not yet transferred', () => {
    const after1 = readGroupMotos(sheet, 'c', results([m1]), [2, 2, 3]);
    const moto2 = sheet.motos.find((m) => m.round === 2)!;
    expect(motoLineup(moto2, new Set(after1.transfers.map((t) => t.rider_id))).map((s) => s.rider_id).sort()).toEqual(['C', 'D', 'E', 'F', 'G', 'H']);
    expect(after1.waiting_for).toEqual([motoId(sheet, 'c', 0, 2), motoId(sheet, 'c', 0, 3)]);
  });

  it('bmx transfer - with a moto still to run nothing is proposed, and the proposal says which', () => {
    const proposal = proposeFromMotos(sheet, 'c', transfer, results([m1, m2]));
    expect(proposal.complete).toBe(false);
    expect(proposal.waiting_for).toEqual([motoId(sheet, 'c', 0, 3)]);
    expect(proposal.races).toEqual([]);
  });

  it('bmx mains diff - example 10: a corrected moto 3 swaps the lanes of F, G and H', () => {
    const confirmed = proposeFromMotos(sheet, 'c', transfer, results([m1, m2, m3])).races;
    const corrected = result(m3.race_id, ['E', 'G', 'H', 'F']);
    const proposed = proposeFromMotos(sheet, 'c', transfer, results([m1, m2, corrected])).races;
    expect(lanes(proposed[0]!)).toEqual(['1:A', '2:B', '3:D', '4:C', '5:E', '6:G', '7:H', '8:F']);
    expect(mainsChanges(confirmed, proposed)).toEqual([
      { kind: 'lane', rider_id: 'F', race_id: confirmed[0]!.race_id, from_lane: 7, to_lane: 8 },
      { kind: 'lane', rider_id: 'G', race_id: confirmed[0]!.race_id, from_lane: 8, to_lane: 6 },
      { kind: 'lane', rider_id: 'H', race_id: confirmed[0]!.race_id, from_lane: 6, to_lane: 7 },
    ]);
    expect(mainsChanges(confirmed, confirmed)).toEqual([]);
  });
});

describe('bmx transfer - two splits', () => {
  const sheet = buildMotoSheet([cls('c', [...ids('s', 10)].reverse(), ids('s', 10))], { seed: 8 });
  const id = (split: number, round: number) => motoId(sheet, 'c', split, round);
  const common = [
    result(id(0, 1), ['s4', 's1', 's5', 's8', 's9']),
    result(id(0, 2), ['s1', 's9', 's5', 's8']),
    result(id(0, 3), ['s8', 's5', 's9']),
    result(id(1, 1), ['s2', 's3', 's6', 's7', 's10']),
    result(id(1, 2), ['s6', 's3', 's7'], ['s10']),
  ];

  it('bmx transfer - example 7: 10 riders, 1-1-2 from each split of 5 into a main of 8, lane choice by transfer moto and place', () => {
    expect(sheet.groups[0]!.splits.map((s) => [...s].sort())).toEqual([['s1', 's4', 's5', 's8', 's9'], ['s10', 's2', 's3', 's6', 's7']]);
    const proposal = proposeFromMotos(sheet, 'c', transfer, results([...common, result(id(1, 3), ['s3', 's10', 's7'])]));
    const choice = [...byLotPair(sheet, 's4', 's2'), ...byLotPair(sheet, 's1', 's6'), ...byLotPair(sheet, 's8', 's3'), ...byLotPair(sheet, 's5', 's10')];
    expect(proposal.races[0]!.lineup.map((s) => s.rider_id)).toEqual(choice);
    expect(proposal.races[0]!.lineup.map((s) => s.lane)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('bmx transfer - a split short of transfers after DNSs fills up from its best remaining rider by moto points', () => {
    const proposal = proposeFromMotos(sheet, 'c', transfer, results([...common, result(id(1, 3), ['s3'], [], ['s10', 's7'])]));
    expect(proposal.transfers.filter((t) => t.round === 3).map((t) => t.rider_id)).toEqual(['s8', 's5', 's3']);
    const main = proposal.races[0]!.lineup.sort((a, b) => a.choice - b.choice).map((s) => s.rider_id);
    expect(main).toHaveLength(8);
    expect(main.at(-1)).toBe('s7');
    expect(main).not.toContain('s10');
    expect(main).not.toContain('s9');
  });
});

describe('bmx total points', () => {
  it('bmx total points - example 8: ties go to the better last moto, then the best single moto', () => {
    const sheet = buildMotoSheet([cls('c', ['P', 'Q', 'R', 'S', 'T'])], { seed: 2 });
    const list = [
      result(motoId(sheet, 'c', 0, 1), ['P', 'Q', 'R', 'S', 'T']),
      result(motoId(sheet, 'c', 0, 2), ['Q', 'T', 'P', 'S', 'R']),
      result(motoId(sheet, 'c', 0, 3), ['T', 'P', 'Q'], ['R', 'S']),
    ];
    const proposal = proposeFromMotos(sheet, 'c', { kind: 'total_points' }, results(list));
    expect(proposal.races).toEqual([]);
    expect(proposal.ranking.map((r) => `${r.rider_id} ${r.total} ${r.points.join(',')} ${r.separated_by}`)).toEqual([
      'P 6 1,3,2 null', 'Q 6 2,1,3 last_moto', 'T 8 5,2,1 total', 'R 13 3,5,5 total', 'S 13 4,4,5 best_moto',
    ]);
  });

  it('bmx total points - riders level on every moto are separated by the sheet\'s lot, and the lot differs between seeds', () => {
    const records = [{ rider_id: 'X', points: [1, 2, 3] }, { rider_id: 'Y', points: [1, 2, 3] }];
    const firsts = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const ranked = rankByPoints(records, seed);
      expect(ranked[1]!.separated_by).toBe('lot');
      expect(ranked.map((r) => r.rider_id)).toEqual(['X', 'Y'].sort(byLot(seed)));
      expect(rankByPoints([...records].reverse(), seed)).toEqual(ranked);
      firsts.add(ranked[0]!.rider_id);
    }
    expect(firsts.size).toBe(2);
  });

  it('bmx total points - a rider on the sheet missing from a result scores a DNS, the field + 1', () => {
    const sheet = buildMotoSheet([cls('c', ['P', 'Q', 'R'])], { seed: 2 });
    const m1 = result(motoId(sheet, 'c', 0, 1), ['P', 'Q']);
    const motos = readGroupMotos(sheet, 'c', results([m1]), null);
    expect(motos.records.find((r) => r.rider_id === 'R')!.points[0]).toBe(4);
  });

  it('bmx total points - a class of three under the transfer table rides total points with no main', () => {
    const sheet = buildMotoSheet([cls('c', ['P', 'Q', 'R'])], { seed: 2 });
    const list = [1, 2, 3].map((round) => result(motoId(sheet, 'c', 0, round), ['R', 'Q', 'P']));
    const proposal = proposeFromMotos(sheet, 'c', transfer, results(list));
    expect(proposal.format.kind).toBe('total_points');
    expect(proposal.races).toEqual([]);
    expect(proposal.ranking.map((r) => r.rider_id)).toEqual(['R', 'Q', 'P']);
  });
});

describe('bmx stages', () => {
  it('bmx stages - races per round after the motos: one main up to 8, then powers of two', () => {
    expect([1, 8, 9, 12, 16, 17, 20, 32, 33, 64].map((n) => racesFor(n))).toEqual([1, 1, 2, 2, 2, 4, 4, 4, 8, 8]);
  });

  it('bmx stages - example 9: twelve riders into two semis, four of each to the main by place, then lane choice in the semi', () => {
    const semis = buildStage('c', ids('c', 12));
    expect(semis.map((s) => s.name)).toEqual(['Semi 1', 'Semi 2']);
    expect(lanes(semis[0]!)).toEqual(['1:c1', '2:c4', '3:c5', '4:c8', '5:c9', '6:c12']);
    expect(lanes(semis[1]!)).toEqual(['1:c2', '2:c3', '3:c6', '4:c7', '5:c10', '6:c11']);
    const done = results([
      result(semis[0]!.race_id, ['c5', 'c1', 'c9', 'c4', 'c12', 'c8']),
      result(semis[1]!.race_id, ['c3', 'c2', 'c11', 'c7', 'c10'], ['c6']),
    ]);
    const main = proposeNextStage(semis, done, 1)!;
    expect(main.map((r) => r.name)).toEqual(['Main']);
    expect(lanes(main[0]!)).toEqual(['1:c3', '2:c5', '3:c1', '4:c2', '5:c9', '6:c11', '7:c4', '8:c7']);
    expect(proposeNextStage(semis, results([result(semis[0]!.race_id, ['c5'])]), 1)).toBeNull();
    expect(proposeNextStage(main, done, 1)).toEqual([]);
  });

  it('bmx stages - 40 riders on 1-1-2: five splits send 20 to four quarters, 16 to two semis, 8 to the main', () => {
    const sheet = buildMotoSheet([cls('c', ids('r', 40))], { seed: 40 });
    const done: MotoResult[] = [];
    for (const moto of sheet.motos) {
      const gone = new Set(readGroupMotos(sheet, 'c', results(done), [1, 1, 2]).transfers.map((t) => t.rider_id));
      done.push(result(moto.race_id, motoLineup(moto, gone).map((s) => s.rider_id)));
    }
    const quarters = proposeFromMotos(sheet, 'c', transfer, results(done)).races;
    expect(quarters.map((r) => [r.stage, r.lineup.length])).toEqual([['quarter', 5], ['quarter', 5], ['quarter', 5], ['quarter', 5]]);
    const finish = (races: typeof quarters) => results(races.map((r) => result(r.race_id, [...r.lineup].sort((a, b) => b.lane - a.lane).map((s) => s.rider_id))));
    const semis = proposeNextStage(quarters, finish(quarters), sheet.seed)!;
    expect(semis.map((r) => [r.stage, r.lineup.length])).toEqual([['semi', 8], ['semi', 8]]);
    const main = proposeNextStage(semis, finish(semis), sheet.seed)!;
    expect(main.map((r) => [r.stage, r.lineup.length])).toEqual([['main', 8]]);
  });

  it('bmx olympic - each split\'s best four by moto points make the main', () => {
    const sheet = buildMotoSheet([cls('c', ids('r', 12))], { seed: 12 });
    const list = sheet.motos.map((m) => result(m.race_id, m.lineup.map((s) => s.rider_id)));
    const proposal = proposeFromMotos(sheet, 'c', { kind: 'olympic' }, results(list));
    const expected = sheet.groups[0]!.splits.flatMap((split) => rankByPoints(proposal.ranking.filter((r) => split.includes(r.rider_id)), sheet.seed).slice(0, 4).map((r) => r.rider_id));
    expect(proposal.races[0]!.lineup.map((s) => s.rider_id).sort()).toEqual(expected.sort());
  });

  it('bmx mains - the same sheet and results propose deep-equal mains every time', () => {
    const sheet = buildMotoSheet([cls('c', ids('r', 30))], { seed: 30 });
    const list = sheet.motos.map((m) => result(m.race_id, m.lineup.map((s) => s.rider_id).reverse()));
    expect(proposeFromMotos(sheet, 'c', transfer, results(list))).toEqual(proposeFromMotos(JSON.parse(JSON.stringify(sheet)), 'c', transfer, results(JSON.parse(JSON.stringify(list)))));
  });
});
