/** @module Race result pages: the two real mains read to the facts of their .source.md, the prettier copies read the same, and the project's apostrophe page. */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRaceResult } from '../../../../cloud/liverc/parsers/index.ts';
import type { RaceResultPage, RaceResultRow } from '../../../../cloud/liverc/types.ts';
import { describeWithShared } from '../../../support/shared-fixtures.ts';
import { ownPage, REAL_PAGES, realPage } from './pages.ts';

const totalLaps = (page: RaceResultPage) => page.results.reduce((sum, r) => sum + r.lap_times.length, 0);
const byName = (page: RaceResultPage, name: string) => page.results.find((r) => r.driver_name === name)!;
const sumOfLaps = (row: RaceResultRow) => Math.round(row.lap_times.reduce((s, l) => s + l.seconds, 0) * 1000) / 1000;

describeWithShared('liverc race result (real pages)', [REAL_PAGES.aMain, REAL_PAGES.bMain, REAL_PAGES.aMainReformatted, REAL_PAGES.bMainReformatted], () => {
  // Parsed in beforeAll, not while collecting: without ../shared the body is still collected.
  let aMain: RaceResultPage;
  let bMain: RaceResultPage;
  beforeAll(() => {
    aMain = parseRaceResult(realPage(REAL_PAGES.aMain));
    bMain = parseRaceResult(realPage(REAL_PAGES.bMain));
  });

  it('liverc race result - A-Main header: class, round and a 30:00 timed length in seconds', () => {
    expect({ class_name: aMain.class_name, round: aMain.round, length: aMain.length }).toEqual({ class_name: '1/8 Nitro Buggy A-Main', round: 'Main Events', length: 1800 });
  });

  it('liverc race result - A-Main has 12 drivers and 444 laps, lap 0 left out', () => {
    expect(aMain.results).toHaveLength(12);
    expect(aMain.results.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(totalLaps(aMain)).toBe(444);
    // 455 lapNum entries on the page = 444 laps + a lap 0 for each of the 11 starters.
    expect(realPage(REAL_PAGES.aMain).match(/'lapNum'/g)).toHaveLength(444 + 11);
  });

  it('liverc race result - A-Main winner FELIX KOEGLER: 47/30:31.382, fastest 37.234 on lap 10, 92.82%', () => {
    expect(aMain.results[0]).toMatchObject({
      position: 1, source_driver_id: '346997', driver_name: 'FELIX KOEGLER', qual_position: 1, laps: 47, total_time_seconds: 1831.382,
      behind: null, fast_lap_seconds: 37.234, fast_lap_number: 10, avg_lap_seconds: 38.983, consistency_pct: 92.82,
    });
    expect(aMain.results[0]!.lap_times[0]).toEqual({ lap: 1, position: 1, seconds: 38.17 });
    expect(aMain.results[0]!.lap_times.map((l) => l.lap)).toEqual(Array.from({ length: 47 }, (_, i) => i + 1));
  });

  it('liverc race result - A-Main race fastest lap is ARI BAKLA 36.017 on lap 45, second 12.052 behind', () => {
    const fastest = aMain.results.reduce((best, r) => (r.fast_lap_seconds !== null && r.fast_lap_seconds < (best.fast_lap_seconds ?? Infinity) ? r : best));
    expect(fastest).toMatchObject({ position: 2, source_driver_id: '298958', driver_name: 'ARI BAKLA', laps: 47, total_time_seconds: 1843.434, behind: { seconds: 12.052 }, fast_lap_seconds: 36.017, fast_lap_number: 45 });
    expect(fastest.lap_times[44]!.seconds).toBe(36.017);
  });

  it('liverc race result - "1 Lap" and "22 Laps" behind become lap counts', () => {
    expect(byName(aMain, 'JIMMY HORNE').behind).toEqual({ laps: 1 });
    expect(byName(aMain, 'LINDSAY FROST').behind).toEqual({ laps: 22 });
  });

  it('liverc race result - A-Main non-starter RILEY LANDER: 0 laps, 13 Laps behind, id 731648 from racerLaps', () => {
    expect(aMain.results[11]).toEqual({
      position: 12, source_driver_id: '731648', driver_name: 'RILEY LANDER', qual_position: 11, laps: 0, total_time_seconds: null,
      behind: { laps: 13 }, fast_lap_seconds: null, fast_lap_number: null, avg_lap_seconds: null, consistency_pct: null, lap_times: [],
    });
    expect(realPage(REAL_PAGES.aMain)).not.toContain('data-driver-id="731648"');
  });

  it('liverc race result - every driver has exactly the table lap count in lap_times, summing to the table time', () => {
    for (const page of [aMain, bMain]) {
      for (const row of page.results) {
        expect(row.lap_times, row.driver_name).toHaveLength(row.laps);
        if (row.laps > 0) expect(sumOfLaps(row), row.driver_name).toBe(row.total_time_seconds);
      }
    }
  });

  it('liverc race result - lap times over 100 s stay decimal seconds (146.309 in the A-Main)', () => {
    const all = aMain.results.flatMap((r) => r.lap_times.map((l) => l.seconds));
    expect(Math.max(...all)).toBe(146.309);
    expect(bMain.results.flatMap((r) => r.lap_times.map((l) => l.seconds))).toEqual(expect.arrayContaining([103.514, 113.533]));
  });

  it('liverc race result - B-Main: 12 drivers, 306 laps, winner LINDSAY FROST 30/20:34.732 from qual 10 with the race fastest 38.061', () => {
    expect({ class_name: bMain.class_name, round: bMain.round, length: bMain.length }).toEqual({ class_name: '1/8 Nitro Buggy B-Main', round: 'Main Events', length: 1200 });
    expect(bMain.results).toHaveLength(12);
    expect(totalLaps(bMain)).toBe(306);
    expect(bMain.results[0]).toMatchObject({ position: 1, source_driver_id: '152738', driver_name: 'LINDSAY FROST', qual_position: 10, laps: 30, total_time_seconds: 1234.732, fast_lap_seconds: 38.061, fast_lap_number: 28 });
    expect(Math.min(...bMain.results.flatMap((r) => (r.fast_lap_seconds === null ? [] : [r.fast_lap_seconds])))).toBe(38.061);
    expect(bMain.results[0]!.lap_times[0]).toEqual({ lap: 1, position: 4, seconds: 44.564 });
  });

  it('liverc race result - B-Main third RILEY LANDER 29/20:21.866 and non-starter STEPHEN SNEDDEN 24 Laps behind', () => {
    expect(bMain.results[2]).toMatchObject({ position: 3, source_driver_id: '731648', driver_name: 'RILEY LANDER', laps: 29, total_time_seconds: 1221.866 });
    expect(bMain.results[11]).toMatchObject({ position: 12, driver_name: 'STEPHEN SNEDDEN', laps: 0, behind: { laps: 24 }, lap_times: [] });
    // No data-driver-id in the table: the id is the one of his (empty) racerLaps block.
    expect(realPage(REAL_PAGES.bMain)).toMatch(/racerLaps\[505722\] = \{\s*'driverName' : 'STEPHEN SNEDDEN'/);
    expect(bMain.results[11]!.source_driver_id).toBe('505722');
  });

  it('liverc race result - driver ids are the same in both mains for every driver in both (the bump-up 731648 included)', () => {
    const ids = new Map(aMain.results.map((r) => [r.driver_name, r.source_driver_id]));
    const shared = bMain.results.filter((r) => ids.has(r.driver_name));
    expect(shared.map((r) => r.driver_name).sort()).toEqual(['DALLAS GARDINER', 'LINDSAY FROST', 'MITCHELL SCOTT', 'RILEY LANDER']);
    for (const row of shared) expect(row.source_driver_id, row.driver_name).toBe(ids.get(row.driver_name));
  });

  it('liverc race result - the prettier-rewritten copies parse to exactly the raw pages (never 0 laps)', () => {
    expect(parseRaceResult(realPage(REAL_PAGES.aMainReformatted))).toEqual(aMain);
    expect(parseRaceResult(realPage(REAL_PAGES.bMainReformatted))).toEqual(bMain);
  });

  it('liverc race result - the same HTML gives the same object, whatever was parsed in between', () => {
    const html = realPage(REAL_PAGES.aMain);
    const first = JSON.stringify(parseRaceResult(html));
    parseRaceResult(realPage(REAL_PAGES.bMain));
    expect(JSON.stringify(parseRaceResult(html))).toBe(first);
  });
});

describe('liverc race result (project page)', () => {
  const page = parseRaceResult(ownPage('race-result-apostrophes.html'));

  it('liverc race result - escaped apostrophes in racerLaps match the raw apostrophe of the table', () => {
    expect(page.results[0]).toMatchObject({ source_driver_id: '700001', driver_name: "MATTHEW O'LOUGHLIN", laps: 3, total_time_seconds: 125.123, fast_lap_seconds: 40.1, fast_lap_number: 2 });
    expect(page.results[0]!.lap_times).toEqual([
      { lap: 1, position: 1, seconds: 42.5 },
      { lap: 2, position: 1, seconds: 40.1 },
      { lap: 3, position: 1, seconds: 42.523 },
    ]);
  });

  it('liverc race result - a non-starter without data-driver-id gets the id of the racerLaps block with his apostrophe name', () => {
    expect(page.results[2]).toMatchObject({ position: 3, driver_name: "JACK D'ARCY", source_driver_id: '700002', laps: 0, lap_times: [] });
  });

  it('liverc race result - a non-starter with no racerLaps block keeps a null id', () => {
    expect(page.results[3]).toMatchObject({ position: 4, driver_name: "PAT O'NEIL", source_driver_id: null, laps: 0, behind: { laps: 3 }, lap_times: [] });
  });

  it('liverc race result - a 5:00 timed race is 300 s and the second place is one lap down', () => {
    expect(page.length).toBe(300);
    expect(page.results[1]).toMatchObject({ driver_name: 'ANNA SMITH', laps: 2, total_time_seconds: 90.5, behind: { laps: 1 }, consistency_pct: 99.89 });
  });
});
