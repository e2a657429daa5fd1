/** @module BMX moto sheets: splits of 1..40 riders, serpentine seeding, lane rotation, combined classes, running order, seeded draws and determinism (docs/race-meetings.md examples 1–4). */
import { describe, expect, it } from 'vitest';
import { buildMotoSheet, dealSerpentine, planGroups, rotateLanes, seedFromId, splitSizes } from '../../../../shared/race/meeting/index.ts';
import { cls, ids } from './meeting-fixtures.ts';

describe('moto sheet - splits', () => {
  it('moto sheet - example 1: the split table', () => {
    expect(splitSizes(1)).toEqual([1]);
    expect(splitSizes(8)).toEqual([8]);
    expect(splitSizes(9)).toEqual([5, 4]);
    expect(splitSizes(16)).toEqual([8, 8]);
    expect(splitSizes(17)).toEqual([6, 6, 5]);
    expect(splitSizes(20)).toEqual([7, 7, 6]);
    expect(splitSizes(25)).toEqual([7, 6, 6, 6]);
    expect(splitSizes(40)).toEqual([8, 8, 8, 8, 8]);
  });

  it('moto sheet - every class of 1..40 riders splits into the fewest motos that fit, sizes within one', () => {
    for (let n = 1; n <= 40; n++) {
      const sizes = splitSizes(n);
      expect(sizes.length, `n=${n}`).toBe(Math.ceil(n / 8));
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      const sheet = buildMotoSheet([cls('c', ids('r', n))], { seed: n });
      expect(sheet.groups[0]!.splits.map((s) => s.length)).toEqual(sizes);
      expect(new Set(sheet.groups[0]!.splits.flat()).size).toBe(n);
    }
  });

  it('moto sheet - example 2: 9 seeded riders dealt in a serpentine, 5 + 4', () => {
    expect(dealSerpentine(ids('s', 9), [5, 4])).toEqual([['s1', 's4', 's5', 's8', 's9'], ['s2', 's3', 's6', 's7']]);
    const sheet = buildMotoSheet([cls('c', [...ids('s', 9)].reverse(), ids('s', 9))], { seed: 7 });
    expect(sheet.groups[0]!.splits.map((s) => [...s].sort())).toEqual([['s1', 's4', 's5', 's8', 's9'], ['s2', 's3', 's6', 's7']]);
  });
});

describe('moto sheet - lanes', () => {
  it('moto sheet - example 3: lanes of 8, 5 and 2 riders over 3 rounds', () => {
    const byRider = (riders: number) => {
      const rounds = rotateLanes(riders, 3);
      return Array.from({ length: riders }, (_, i) => rounds.map((r) => r[i]));
    };
    expect(byRider(8)).toEqual([[1, 4, 7], [2, 5, 8], [3, 6, 1], [4, 7, 2], [5, 8, 3], [6, 1, 4], [7, 2, 5], [8, 3, 6]]);
    expect(byRider(5)).toEqual([[1, 3, 5], [2, 4, 1], [3, 5, 2], [4, 1, 3], [5, 2, 4]]);
    expect(byRider(2)).toEqual([[1, 2, 1], [2, 1, 2]]);
  });

  it('moto sheet - no rider keeps one lane in every round, and none repeats a lane when the moto has at least as many riders as rounds', () => {
    for (let n = 1; n <= 40; n++) {
      for (const rounds of [2, 3, 4, 5]) {
        const sheet = buildMotoSheet([cls('c', ids('r', n))], { seed: 1000 + n, rounds });
        for (const split of sheet.groups[0]!.splits) {
          for (const rider of split) {
            const lanes = sheet.motos.flatMap((m) => m.lineup.filter((s) => s.rider_id === rider).map((s) => s.lane));
            expect(lanes).toHaveLength(rounds);
            if (split.length >= 2) expect(new Set(lanes).size, `n=${n} rounds=${rounds} ${rider}`).toBeGreaterThan(1);
            if (split.length >= rounds) expect(new Set(lanes).size, `n=${n} rounds=${rounds} ${rider}`).toBe(rounds);
          }
        }
        for (const moto of sheet.motos) expect(moto.lineup.map((s) => s.lane)).toEqual(moto.lineup.map((_, i) => i + 1));
      }
    }
  });

  it('moto sheet - eight riders over three rounds each ride at least two of the inside, middle and outside thirds of the gate', () => {
    const sheet = buildMotoSheet([cls('c', ids('r', 8))], { seed: 3 });
    const zone = (lane: number) => (lane <= 3 ? 'inside' : lane <= 5 ? 'middle' : 'outside');
    for (const rider of ids('r', 8)) {
      const zones = sheet.motos.map((m) => zone(m.lineup.find((s) => s.rider_id === rider)!.lane));
      expect(new Set(zones).size, `${rider}: ${zones.join(',')}`).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('moto sheet - groups and running order', () => {
  const classes = [cls('b9', ids('b9-', 6)), cls('g6', ids('g6-', 2)), cls('g7', ids('g7-', 3)), cls('g8', ids('g8-', 4)), cls('b10', ids('b10-', 10))];

  it('moto sheet - example 4: g6 and g7 combine, g8 would overflow the gate and rides alone', () => {
    const groups = planGroups(classes, [['g6', 'g7', 'g8']]);
    expect(groups.map((g) => g.group_id)).toEqual(['b9', 'g6+g7', 'g8', 'b10']);
    const sheet = buildMotoSheet(classes, { seed: 11, combine: [['g6', 'g7', 'g8']] });
    const order = sheet.motos.map((m) => `${m.number}:${m.round}:${m.group_id}:${'AB'[m.split]}`);
    expect(order).toEqual([
      '1:1:b9:A', '2:1:g6+g7:A', '3:1:g8:A', '4:1:b10:A', '5:1:b10:B',
      '6:2:b9:A', '7:2:g6+g7:A', '8:2:g8:A', '9:2:b10:A', '10:2:b10:B',
      '11:3:b9:A', '12:3:g6+g7:A', '13:3:g8:A', '14:3:b10:A', '15:3:b10:B',
    ]);
    const combined = sheet.motos[1]!;
    expect(combined.lineup).toHaveLength(5);
    expect(combined.lineup.filter((s) => s.class_id === 'g6')).toHaveLength(2);
    expect(combined.race_id).toBe('moto-2');
  });

  it('moto sheet - classes not allowed to combine ride alone, however small', () => {
    const sheet = buildMotoSheet(classes, { seed: 11 });
    expect(sheet.groups.map((g) => g.group_id)).toEqual(['b9', 'g6', 'g7', 'g8', 'b10']);
  });
});

describe('moto sheet - seeded draws', () => {
  const classes = [cls('boys', ids('b', 8)), cls('girls', ids('g', 12))];

  it('moto sheet - one seed gives the same sheet, deep-equal, every time and through JSON', () => {
    const seed = seedFromId('01JF3M8Q2W6X9Y0Z1A2B3C4D5E');
    const a = buildMotoSheet(classes, { seed });
    const b = buildMotoSheet(JSON.parse(JSON.stringify(classes)), { seed });
    expect(b).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('moto sheet - different seeds draw different lanes', () => {
    const draws = new Set(Array.from({ length: 20 }, (_, seed) => buildMotoSheet(classes, { seed }).motos[0]!.lineup.map((s) => s.rider_id).join(',')));
    expect(draws.size).toBeGreaterThanOrEqual(18);
    expect(seedFromId('01JF3M8Q2W6X9Y0Z1A2B3C4D5E')).not.toBe(seedFromId('01JF3M8Q2W6X9Y0Z1A2B3C4D5F'));
  });

  it('moto sheet - adding a class leaves every other class\'s draw as it was', () => {
    const before = buildMotoSheet(classes, { seed: 5 });
    const after = buildMotoSheet([cls('cruiser', ids('c', 5)), ...classes], { seed: 5 });
    const lineups = (sheet: typeof before, group: string) => sheet.motos.filter((m) => m.group_id === group).map((m) => m.lineup);
    expect(lineups(after, 'boys')).toEqual(lineups(before, 'boys'));
    expect(lineups(after, 'girls')).toEqual(lineups(before, 'girls'));
  });
});
