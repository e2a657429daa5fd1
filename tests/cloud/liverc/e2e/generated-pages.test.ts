/** @module The page builder for events with no saved copy: its pages parse back, through the project's parsers, to exactly the races, results and laps it generated; 486677 completes to all 32 races. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../../../cloud/liverc/parsers/index.ts';
import { completeRealEvent, eventSite, fullName, lapCount, syntheticEvent } from '../../../support/liverc-pages/index.ts';
import { describeWithShared, sharedPath } from '../../../support/shared-fixtures.ts';
import { CANBERRA_FILES } from '../../../support/liverc-pages/site.ts';

describe('liverc pages', () => {
  const event = syntheticEvent({ event_id: '650001', slug: 'pagetrack', track_name: "O'Neill Park RC", name: 'Twin Day Cup', date_start: '2025-04-23', date_end: '2025-04-24', classes: [{ class_name: '1/10 4WD Buggy', drivers: 23 }, { class_name: 'Junior', drivers: 4 }], dns_rate: 0.1 });
  const site = eventSite(event);

  it('liverc pages - the event page lists every race newest first with its section, time and the event totals', () => {
    const page = parsePage('event', site.event_html);
    expect(page).toMatchObject({ name: 'Twin Day Cup', date_start: '2025-04-23', date_end: '2025-04-24', entries: 27, drivers: 27, total_race_laps: event.races.reduce((n, r) => n + lapCount(r), 0) });
    expect(page.races.map((r) => [r.source_race_id, r.class_name, r.section, r.completed_at])).toEqual(event.races.map((r) => [r.race_id, r.class_name, r.section, r.completed_at]));
    expect(new Set(page.races.map((r) => r.completed_at!.slice(0, 10)))).toEqual(new Set(['2025-04-23', '2025-04-24']));
  });

  it('liverc pages - every race page parses to the generated results and laps, non-starters included', () => {
    let nonStarters = 0;
    for (const race of event.races) {
      const page = parsePage('race-result', site.race_pages.get(race.race_id)!);
      expect(page.round).toBe(race.section);
      expect(page.length).toBe(race.length_s);
      expect(page.results.map((r) => [r.source_driver_id, r.driver_name, r.position, r.laps])).toEqual(race.results.map((r, i) => [r.driver.id, fullName(r.driver), i + 1, r.laps.length]));
      expect(page.results.map((r) => r.lap_times)).toEqual(race.results.map((r) => r.laps));
      nonStarters += race.results.filter((r) => r.laps.length === 0).length;
    }
    expect(nonStarters).toBeGreaterThan(0);
  });

  it('liverc pages - the entry list has every class with sort names and transponders', () => {
    const page = parsePage('entry-list', site.entry_list_html);
    expect(page.classes.map((c) => [c.class_name, c.entries.length])).toEqual([['1/10 4WD Buggy', 23], ['Junior', 4]]);
    const first = event.classes[1]!.drivers.slice().sort((a, b) => `${a.last}, ${a.first}`.localeCompare(`${b.last}, ${b.first}`))[0]!;
    expect(page.classes[1]!.entries[0]).toEqual({ driver_name: fullName(first), sort_name: `${first.last}, ${first.first}`, transponder: first.transponder });
  });
});

describeWithShared('liverc pages for event 486677', CANBERRA_FILES, () => {
  it('liverc pages - 486677 completes to 32 races around the two saved ones, whose drivers are on the entry list', () => {
    const read = (f: string) => readFileSync(sharedPath(`fixtures/liverc/${f}`), 'utf8');
    const saved = new Map([['6304829', read('race-result-6304829.html')], ['6304830', read('race-result-6304830.html')]]);
    const done = completeRealEvent({ slug: 'canberraoffroad', event_id: '486677', event_html: read('event-486677.html'), race_html: saved });
    const listed = parsePage('event', read('event-486677.html')).races;
    expect(listed).toHaveLength(32);
    expect([...done.race_pages.keys()].sort()).toEqual(listed.map((r) => r.source_race_id).filter((id) => !saved.has(id)).sort());
    for (const summary of listed.filter((r) => !saved.has(r.source_race_id))) {
      const page = parsePage('race-result', done.race_pages.get(summary.source_race_id)!);
      expect(page.round).toBe(summary.section);
      expect(page.results.length).toBeGreaterThan(0);
    }
    const entries = parsePage('entry-list', done.entry_list_html).classes;
    expect(entries.map((c) => c.class_name).sort()).toEqual(['1/8 Electric Buggy', '1/8 Nitro Buggy', 'Junior']);
    const nitro = entries.find((c) => c.class_name === '1/8 Nitro Buggy')!.entries.map((e) => e.driver_name);
    for (const row of parsePage('race-result', saved.get('6304829')!).results) expect(nitro).toContain(row.driver_name);
  });
});
