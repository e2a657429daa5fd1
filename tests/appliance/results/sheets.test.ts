/** @module Results sheets from a real appliance (in process, its simulator racing what is staged) over real HTTP: a finished BMX moto and a timed race, page rows and CSV against the race API's figures, escaping, unknown ids, the page's headers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BmxRaceView, RaceDetail, Standings, TimedRaceView } from '../../../shared/race/index.ts';
import { waitFor } from '../../harness/index.ts';
import { bootRaceBox, type RaceBox } from '../race/support.ts';
import { request } from '../service/box-process.ts';
import { readCsv, readSheet } from './read-sheet.ts';

const CLUB = 'Riverside BMX & "RC" <Club>';
const ZONE = 'Pacific/Auckland';
const SCRIPT_NAME = '<script>alert("x")</script>';

const BMX_EVENT = {
  event_id: 'club-night',
  name: 'Club night <b>4</b>',
  date: '2026-12-05',
  classes: [{ class_id: 'open', name: 'Open & Cruiser', format: 'bmx' }],
  riders: [
    { rider_id: 'ann', name: SCRIPT_NAME, plate: '7', class_id: 'open', transponders: [101000001] },
    { rider_id: 'bo', name: 'Bo "Turbo" Lind, Jr.', plate: '12', class_id: 'open', transponders: [101000002] },
    { rider_id: 'cy', name: '=HYPERLINK("http://x")', plate: '31', class_id: 'open', transponders: [101000003] },
  ],
};
const moto = (race_id: string, round: number) => ({
  event_id: 'club-night', race_id, name: `Moto ${round}`, round, class_id: 'open', format: 'bmx', min_time_ms: 1000,
  lineup: [{ rider_id: 'ann', lane: 1 }, { rider_id: 'bo', lane: 2 }, { rider_id: 'cy', lane: 3 }],
});

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const secondsText = (ms: number | null) => (ms === null ? '' : (ms / 1000).toFixed(3));
const n = (v: number | null) => (v === null ? '' : String(v));
/** How a spreadsheet-safe CSV writes a name a spreadsheet would run as a formula. */
const csvName = (name: string) => (/^[=+\-@]/.test(name) ? `'${name}` : name);

async function fetchText(box: RaceBox, path: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${box.appliance.url}${path}`);
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function finished(box: RaceBox, raceId: string): Promise<void> {
  await waitFor(`${raceId} finished`, async () => ((await box.get(`/api/races/${raceId}`)).body.race as { status: string } | undefined)?.status === 'finished', 60_000);
}

describe('results sheets - a BMX club night', () => {
  let box: RaceBox;
  let motos: BmxRaceView[];
  let standings: Standings;

  beforeAll(async () => {
    box = await bootRaceBox(cleanups, { club: { name: CLUB, time_zone: ZONE } });
    await box.post('event.setup', BMX_EVENT);
    for (const [i, id] of ['m1', 'm2'].entries()) {
      expect((await box.post('race.stage', moto(id, i + 1))).status).toBe(200);
      await finished(box, id);
    }
    motos = await Promise.all(['m1', 'm2'].map(async (id) => ((await box.get(`/api/races/${id}`)).body as unknown as RaceDetail).race as BmxRaceView));
    standings = ((await box.get('/api/standings?event_id=club-night&class_id=open')).body.standings as Standings[])[0]!;
  }, 120_000);

  /** What a BMX row of the sheet must say, from the race API: finishers by place, then DNF, DNS. */
  const expectedBmx = (race: BmxRaceView) =>
    [...race.rows].sort((a, b) => (a.place ?? 99) - (b.place ?? 99) || a.lane - b.lane).map((r) => ({
      position: r.place === null ? r.status.toUpperCase() : String(r.place), name: r.name, plate: r.plate ?? '', lane: String(r.lane),
      time: secondsText(r.elapsed_ms), gap: r.place === 1 ? '' : secondsText(r.gap_ms), points: n(r.points),
      moto_total: n(standings.rows.find((s) => s.rider_id === r.rider_id)!.total_points),
    }));

  it('results sheets - a finished moto prints place, rider, plate, time, points and the class moto total as the API gives them, with the club, date and local start time', async () => {
    for (const m of motos) expect(m.rows.filter((r) => r.status === 'finished').length).toBeGreaterThan(0);
    const page = await fetchText(box, '/results/races/m2');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const sheet = readSheet(page.text);
    expect(sheet.club).toBe(CLUB);
    expect(sheet.h1).toBe('Moto 2');
    expect(sheet.text).toContain('Saturday 5 December 2026');
    const started = new Date(motos[1]!.started_at_us! / 1000).toLocaleTimeString('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(sheet.text).toContain(`started ${started}`);
    expect(sheet.text).toContain(`(${ZONE})`);
    expect(sheet.races.get('m2')).toEqual(expectedBmx(motos[1]!));
    // Totals are the class's: each rider's points over both motos.
    for (const row of standings.rows) expect(row.total_points).toBe(motos.reduce((sum, m) => sum + m.rows.find((r) => r.rider_id === row.rider_id)!.points!, 0));
  });

  it('results sheets - the event sheet and the class sheet hold the standings and both motos in running order, with links to each race, the class and the CSV', async () => {
    for (const path of ['/results/events/club-night', '/results/events/club-night/classes/open']) {
      const page = await fetchText(box, path);
      expect(page.status).toBe(200);
      const sheet = readSheet(page.text);
      expect([...sheet.races.keys()]).toEqual(['m1', 'm2']);
      expect(sheet.races.get('m1')).toEqual(expectedBmx(motos[0]!));
      expect(sheet.races.get('m2')).toEqual(expectedBmx(motos[1]!));
      expect(sheet.standings.get('open')).toEqual(standings.rows.map((r) => ({
        position: String(r.position), name: r.name, plate: r.plate ?? '', results: r.results.map((x) => n(x.points)).join(' '), points: n(r.total_points),
      })));
      expect(sheet.links).toEqual(expect.arrayContaining(['/results/races/m1', '/results/races/m2', `${path}.csv`]));
    }
    expect(readSheet((await fetchText(box, '/results/events/club-night')).text).links).toContain('/results/events/club-night/classes/open');
    const index = readSheet((await fetchText(box, '/results/')).text);
    expect(index.links).toContain('/results/events/club-night');
  });

  it('results sheets - the CSV of a race, a class and the event carries the API\'s figures exactly, by .csv and by ?format=csv alike', async () => {
    const race = await fetchText(box, '/results/races/m1.csv');
    expect(race.status).toBe(200);
    expect(race.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(race.headers.get('content-disposition')).toBe('attachment; filename="m1-results.csv"');
    expect((await fetchText(box, '/results/races/m1?format=csv')).text).toBe(race.text);
    const rows = readCsv(race.text);
    const byRider = [...motos[0]!.rows].sort((a, b) => (a.place ?? 99) - (b.place ?? 99) || a.lane - b.lane);
    expect(rows.map((r) => ({
      section: r.section, event_id: r.event_id, class_id: r.class_id, class: r.class, race_id: r.race_id, race: r.race, round: r.round, format: r.format, race_status: r.race_status,
      rider_id: r.rider_id, name: r.name, plate: r.plate, status: r.status, lane: Number(r.lane), elapsed_ms: r.time === '' ? null : Math.round(Number(r.time) * 1000), points: Number(r.points),
      place: /^\d+$/.test(r.position!) ? Number(r.position) : null, moto_total: Number(r.moto_total),
    }))).toEqual(byRider.map((r) => ({
      section: 'race', event_id: 'club-night', class_id: 'open', class: 'Open & Cruiser', race_id: 'm1', race: 'Moto 1', round: '1', format: 'bmx', race_status: 'finished',
      rider_id: r.rider_id, name: csvName(r.name), plate: r.plate, status: r.status, lane: r.lane, elapsed_ms: r.elapsed_ms, points: r.points,
      place: r.place, moto_total: standings.rows.find((s) => s.rider_id === r.rider_id)!.total_points,
    })));

    const event = readCsv((await fetchText(box, '/results/events/club-night.csv')).text);
    expect((await fetchText(box, '/results/events/club-night?format=csv')).text).toBe((await fetchText(box, '/results/events/club-night.csv')).text);
    expect(event.filter((r) => r.section === 'standings').map((r) => [r.rider_id, Number(r.position), Number(r.points)])).toEqual(standings.rows.map((r) => [r.rider_id, r.position, r.total_points]));
    expect(event.filter((r) => r.section === 'race').map((r) => r.race_id)).toEqual([...motos[0]!.rows.map(() => 'm1'), ...motos[1]!.rows.map(() => 'm2')]);
    expect(readCsv((await fetchText(box, '/results/events/club-night/classes/open.csv')).text)).toEqual(event);
  });

  it('results sheets - a rider named <script> stays text on every page and in the CSV, and nothing on the page runs script', async () => {
    for (const path of ['/results/races/m1', '/results/events/club-night', '/results/events/club-night/classes/open', '/results/events/club-night/running-order']) {
      const page = await fetchText(box, path);
      expect(page.status).toBe(200);
      expect(page.text).not.toMatch(/<script|<b>4/i);
      expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(readSheet(page.text).text).toContain(SCRIPT_NAME);
      expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
    }
    expect(readSheet((await fetchText(box, '/results/races/m1')).text).club).toBe(CLUB);
    const rows = readCsv((await fetchText(box, '/results/races/m1.csv')).text);
    expect(rows.map((r) => r.name).sort()).toEqual([SCRIPT_NAME, 'Bo "Turbo" Lind, Jr.', '\'=HYPERLINK("http://x")'].sort());
    const css = await fetchText(box, '/results/print.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.text).toContain('@page');
  });

  it('results sheets - the running order lists each staged race with its lanes, plates and riders', async () => {
    const page = await fetchText(box, '/results/events/club-night/running-order');
    const sheet = readSheet(page.text);
    expect([...sheet.races.keys()]).toEqual(['m1', 'm2']);
    expect(sheet.races.get('m1')).toEqual([['1', '7', SCRIPT_NAME], ['2', '12', 'Bo "Turbo" Lind, Jr.'], ['3', '31', '=HYPERLINK("http://x")']].map(([lane, plate, name]) => ({ lane, plate, name })));
    const csv = readCsv((await fetchText(box, '/results/events/club-night/running-order.csv')).text);
    expect(csv.map((r) => [r.number, r.race_id, r.lane, r.rider_id, r.race_status])).toEqual([
      ['1', 'm1', '1', 'ann', 'finished'], ['1', 'm1', '2', 'bo', 'finished'], ['1', 'm1', '3', 'cy', 'finished'],
      ['2', 'm2', '1', 'ann', 'finished'], ['2', 'm2', '2', 'bo', 'finished'], ['2', 'm2', '3', 'cy', 'finished'],
    ]);
  });

  it('results sheets - an unknown event, class or race is a 404 page that names the id (escaped), and a 404 text for CSV', async () => {
    const cases: [string, string][] = [
      ['/results/events/no-such-night', 'No event “no-such-night” on this box'],
      ['/results/events/club-night/classes/girls-9', 'No class “girls-9” in event “club-night” on this box'],
      ['/results/races/m9', 'No race “m9” on this box'],
      ['/results/events/no-such-night/running-order', 'No event “no-such-night” on this box'],
      ['/results/races/%3Cimg%20src%3Dx%3E', 'No race “<img src=x>” on this box'],
    ];
    for (const [path, heading] of cases) {
      const page = await fetchText(box, path);
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(readSheet(page.text).h1).toBe(heading);
      expect(page.text).not.toContain('<img');
    }
    const csv = await fetchText(box, '/results/races/m9.csv');
    expect(csv).toMatchObject({ status: 404, text: 'no race “m9” on this box\n' });
    expect((await request(box.appliance.port, { path: '/results/races/m1', host: 'evil.example' })).status).toBe(421);
  });
});

describe('results sheets - a timed RC heat', () => {
  let box: RaceBox;
  let heat: TimedRaceView;

  beforeAll(async () => {
    box = await bootRaceBox(cleanups, { simulator: { scenario: 'rc-practice', lap_seconds: [2, 3] } });
    await box.post('event.setup', {
      event_id: 'rc-club', name: 'RC club night', date: '2026-12-06',
      classes: [{ class_id: 'buggy', name: '2WD Buggy', format: 'timed' }],
      riders: [1, 2, 3, 4].map((i) => ({ rider_id: `d${i}`, name: `Driver ${i}`, plate: String(i), class_id: 'buggy', transponders: [3_100_000 + i] })),
    });
    const staged = await box.post('race.stage', { event_id: 'rc-club', race_id: 'heat-1', format: 'timed', class_id: 'buggy', name: 'Heat 1', round: 1, duration_ms: 16_000, min_lap_ms: 1000, lineup: [1, 2, 3, 4].map((i) => ({ rider_id: `d${i}` })) });
    expect(staged.status).toBe(200);
    expect((await box.post('race.start', { race_id: 'heat-1' })).status).toBe(200);
    await finished(box, 'heat-1');
    heat = ((await box.get('/api/races/heat-1')).body as unknown as RaceDetail).race as TimedRaceView;
  }, 120_000);

  it('results sheets - a finished timed race prints position, driver, laps/time, behind, fastest lap and its lap, average lap and consistency as the API gives them', async () => {
    // A loaded machine can hold a simulated car back for a lap; the sheet must match whatever the API says.
    expect(heat.rows.every((r) => r.laps >= 1)).toBe(true);
    expect(heat.rows.filter((r) => r.laps >= 2).length).toBeGreaterThanOrEqual(2);
    const expected = heat.rows.map((r) => ({
      position: String(r.position), name: r.name, plate: r.plate ?? '', result: r.result_text, behind: r.behind_text,
      fastest_lap: secondsText(r.best_lap_ms), fastest_lap_number: n(r.best_lap_number), avg_lap: secondsText(r.avg_lap_ms), consistency: r.consistency_pct === null ? '' : r.consistency_pct.toFixed(2),
    }));
    for (const path of ['/results/races/heat-1', '/results/events/rc-club', '/results/events/rc-club/classes/buggy']) {
      const page = await fetchText(box, path);
      expect(page.status).toBe(200);
      expect(readSheet(page.text).races.get('heat-1')).toEqual(expected);
    }
    const sheet = readSheet((await fetchText(box, '/results/events/rc-club')).text);
    expect(sheet.club).toBe('');
    expect(sheet.text).toContain('Sunday 6 December 2026');
  });

  it('results sheets - the timed CSV carries laps, total time, result, behind, fastest lap, its lap number, average and consistency exactly', async () => {
    const rows = readCsv((await fetchText(box, '/results/races/heat-1.csv')).text);
    const ms = (s: string) => (s === '' ? null : Math.round(Number(s) * 1000));
    expect(rows.map((r) => ({
      position: Number(r.position), rider_id: r.rider_id, status: r.status, laps: Number(r.laps), total_ms: ms(r.time!), result_text: r.result, behind_text: r.behind,
      best_lap_ms: ms(r.fastest_lap!), best_lap_number: r.fastest_lap_number === '' ? null : Number(r.fastest_lap_number), avg_lap_ms: ms(r.avg_lap!),
      consistency_pct: r.consistency === '' ? null : Number(r.consistency),
    }))).toEqual(heat.rows.map((r) => ({
      position: r.position, rider_id: r.rider_id, status: r.status, laps: r.laps, total_ms: r.total_ms, result_text: r.result_text, behind_text: r.behind_text,
      best_lap_ms: r.best_lap_ms, best_lap_number: r.best_lap_number, avg_lap_ms: r.avg_lap_ms, consistency_pct: r.consistency_pct,
    })));
    const standings = ((await box.get('/api/standings?event_id=rc-club')).body.standings as Standings[])[0]!;
    const event = readCsv((await fetchText(box, '/results/events/rc-club.csv')).text);
    expect(event.filter((r) => r.section === 'standings').map((r) => [r.rider_id, r.result])).toEqual(standings.rows.map((r) => [r.rider_id, r.best_text]));
  });
});
