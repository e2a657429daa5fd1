/** @module `mre liverc parse` end to end: the real command on saved pages; pretty snake_case JSON, the one-line reason of a refusal, usage errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEntryList } from '../../../../cloud/liverc/parsers/index.ts';
import { runMre } from '../../../support/run-mre.ts';
import { describeWithShared, sharedPath } from '../../../support/shared-fixtures.ts';
import { ownPage, ownPagePath, REAL_PAGES } from './pages.ts';

const dir = mkdtempSync(join(tmpdir(), 'mre-liverc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli liverc parse', () => {
  it('cli liverc parse - prints the race result as indented JSON with exactly the documented field names', async () => {
    const result = await runMre(['liverc', 'parse', '--kind', 'race-result', ownPagePath('race-result-apostrophes.html')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\{\n {2}"class_name": "Spt\. Electric Buggy A-Main",\n/);
    const page = JSON.parse(result.stdout) as { results: Record<string, unknown>[] } & Record<string, unknown>;
    expect(Object.keys(page)).toEqual(['class_name', 'round', 'length', 'results']);
    expect(Object.keys(page.results[0]!)).toEqual([
      'position', 'source_driver_id', 'driver_name', 'qual_position', 'laps', 'total_time_seconds', 'behind',
      'fast_lap_seconds', 'fast_lap_number', 'avg_lap_seconds', 'consistency_pct', 'lap_times',
    ]);
    expect(page.results[0]).toMatchObject({ driver_name: "MATTHEW O'LOUGHLIN", lap_times: [{ lap: 1, position: 1, seconds: 42.5 }, { lap: 2, position: 1, seconds: 40.1 }, { lap: 3, position: 1, seconds: 42.523 }] });
  });

  it('cli liverc parse - prints the entry list exactly as the parser returns it', async () => {
    const result = await runMre(['liverc', 'parse', '--kind', 'entry-list', ownPagePath('entry-list.html')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(JSON.stringify(parseEntryList(ownPage('entry-list.html')), null, 2) + '\n');
  });

  it('cli liverc parse - prints the track list with snake_case fields', async () => {
    const result = await runMre(['liverc', 'parse', ownPagePath('track-list.html'), '--kind=track-list']);
    expect(result.code).toBe(0);
    const page = JSON.parse(result.stdout) as { tracks: Record<string, unknown>[] };
    expect(Object.keys(page.tracks[0]!)).toEqual(['slug', 'name', 'status', 'last_activity', 'current_event']);
  });

  it('cli liverc parse - a page of another kind exits 1 with the error code and reason on one line', async () => {
    const result = await runMre(['liverc', 'parse', '--kind', 'event', ownPagePath('track-list.html')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('mre liverc parse: page_format: event page: no table.entry_list_data (not an event page)\n');
  });

  it('cli liverc parse - a truncated page exits 1 saying so, without echoing any of the page', async () => {
    const html = ownPage('race-result-apostrophes.html');
    const path = join(dir, 'cut.html');
    writeFileSync(path, html.slice(0, html.length / 2));
    const result = await runMre(['liverc', 'parse', '--kind', 'race-result', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('mre liverc parse: page_format: race-result page: the document is truncated (it does not end with the closing html tag)\n');
  });

  it('cli liverc parse - lap data that disagrees with the table exits 1 with missing_lap_data', async () => {
    const path = join(dir, 'no-laps.html');
    const html = ownPage('race-result-apostrophes.html');
    const emptied = html.replace(/(racerLaps\[700003\] = \{[\s\S]*?'laps' : \[)[\s\S]*?(\]\s*\};)/, '$1$2');
    expect(emptied).not.toBe(html);
    writeFileSync(path, emptied);
    const result = await runMre(['liverc', 'parse', '--kind', 'race-result', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('mre liverc parse: missing_lap_data: race-result page: "ANNA SMITH" (700003, position 2) has 2 laps in the results table but 0 in racerLaps\n');
  });

  it('cli liverc parse - an unknown kind, no kind, a missing file or two files are usage errors (exit 2)', async () => {
    const track = ownPagePath('track-list.html');
    const [unknown, noKind, missing, directory, two, flag] = await Promise.all([
      runMre(['liverc', 'parse', '--kind', 'practice', track]),
      runMre(['liverc', 'parse', track]),
      runMre(['liverc', 'parse', '--kind', 'event', join(dir, 'absent.html')]),
      runMre(['liverc', 'parse', '--kind', 'event', dir]),
      runMre(['liverc', 'parse', '--kind', 'event', track, ownPagePath('entry-list.html')]),
      runMre(['liverc', 'parse', '--kind', 'event', '--verbose', track]),
    ]);
    expect(unknown.stderr).toBe('mre liverc parse: unknown --kind "practice" (one of track-list, dashboard, event-list, event, entry-list, race-result)\n');
    expect(noKind.stderr).toMatch(/--kind is required/);
    expect(missing.stderr).toMatch(/cannot read .*absent\.html: no such file/);
    expect(directory.stderr).toMatch(/not a file/);
    expect(two.stderr).toMatch(/expected one FILE, got 2/);
    expect(flag.stderr).toMatch(/--verbose/);
    expect([unknown, noKind, missing, directory, two, flag].map((r) => [r.code, r.stdout])).toEqual(Array.from({ length: 6 }, () => [2, '']));
  });

  it('cli liverc parse - --help lists every kind and exits 0; the overview lists the command', async () => {
    const [help, overview] = await Promise.all([runMre(['liverc', 'parse', '--help']), runMre(['--help'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: mre liverc parse --kind KIND FILE/);
    for (const kind of ['track-list', 'dashboard', 'event-list', 'event', 'entry-list', 'race-result']) expect(help.stdout).toContain(kind);
    expect(overview.stdout).toMatch(/\n {2}liverc parse +a saved LiveRC page/);
  });
});

describeWithShared('cli liverc parse (real pages)', [REAL_PAGES.aMain, REAL_PAGES.event], () => {
  it('cli liverc parse - the real A-Main prints 12 results and 444 laps, the winner first', async () => {
    const result = await runMre(['liverc', 'parse', '--kind', 'race-result', sharedPath(REAL_PAGES.aMain)]);
    expect(result.code).toBe(0);
    const page = JSON.parse(result.stdout) as { results: { driver_name: string; laps: number; lap_times: unknown[] }[] };
    expect(page.results).toHaveLength(12);
    expect(page.results.reduce((n, r) => n + r.lap_times.length, 0)).toBe(444);
    expect(page.results[0]).toMatchObject({ driver_name: 'FELIX KOEGLER', laps: 47 });
  });

  it('cli liverc parse - the real event prints dates as YYYY-MM-DD and completion times without a zone', async () => {
    const result = await runMre(['liverc', 'parse', '--kind', 'event', sharedPath(REAL_PAGES.event)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"date_start": "2025-11-16",');
    expect(result.stdout).toContain('"completed_at": "2025-11-16T17:30"');
  });
});
