/** @module Event pages and events lists: the real Canberra pages read to the facts of their .source.md, multi-day headers, and what is refused. */
import { beforeAll, expect, it } from 'vitest';
import { parseEvent, parseEventList, raceClassName } from '../../../../cloud/liverc/parsers/index.ts';
import type { EventListPage, EventPage } from '../../../../cloud/liverc/types.ts';
import { describeWithShared } from '../../../support/shared-fixtures.ts';
import { expectRefused, REAL_PAGES, realPage } from './pages.ts';

function replaceOnce(html: string, from: string | RegExp, to: string): string {
  const out = html.replace(from, to);
  expect(out).not.toBe(html);
  return out;
}

describeWithShared('liverc event', [REAL_PAGES.event], () => {
  let html: string;
  let event: EventPage;
  beforeAll(() => {
    html = realPage(REAL_PAGES.event);
    event = parseEvent(html);
  });

  it('liverc event - name, one-day date, registrations and total race laps', () => {
    expect({ ...event, races: undefined }).toEqual({
      name: 'Cormcc 2025 Rudi Wensing Memorial, Clay Cup', date_start: '2025-11-16', date_end: '2025-11-16',
      entries: 71, drivers: 60, total_race_laps: 4129, races: undefined,
    });
  });

  it('liverc event - 32 races in four sections: 14 mains, then qualifier rounds 3, 2 and 1 of six heats each', () => {
    expect(event.races).toHaveLength(32);
    const counts = new Map<string, number>();
    for (const race of event.races) counts.set(race.section, (counts.get(race.section) ?? 0) + 1);
    expect([...counts]).toEqual([['Main Events', 14], ['Qualifier Round 3', 6], ['Qualifier Round 2', 6], ['Qualifier Round 1', 6]]);
    expect(new Set(event.races.map((r) => r.source_race_id)).size).toBe(32);
  });

  it('liverc event - first race is the A-Main 6304829 completed at 17:30 local time', () => {
    expect(event.races[0]).toEqual({ source_race_id: '6304829', label: 'Race 14: 1/8 Nitro Buggy (1/8 Nitro Buggy A-Main)', class_name: '1/8 Nitro Buggy', section: 'Main Events', completed_at: '2025-11-16T17:30' });
    expect(event.races.find((r) => r.source_race_id === '6304830')).toMatchObject({ label: 'Race 10: 1/8 Nitro Buggy (1/8 Nitro Buggy B-Main)', completed_at: '2025-11-16T16:02' });
  });

  it('liverc event - last race keeps its nested parentheses, with the double space collapsed', () => {
    expect(event.races[31]).toEqual({ source_race_id: '6295537', label: 'Race 1: 1/8 Electric Buggy (1/8 Electric Buggy (Heat 1/3))', class_name: '1/8 Electric Buggy', section: 'Qualifier Round 1', completed_at: '2025-11-16T08:22' });
  });

  it('liverc event - classes of all races, and completion times newest first within each section', () => {
    expect([...new Set(event.races.map((r) => r.class_name))].sort()).toEqual(['1/8 Electric Buggy', '1/8 Nitro Buggy', 'Junior']);
    for (const section of new Set(event.races.map((r) => r.section))) {
      const times = event.races.filter((r) => r.section === section).map((r) => r.completed_at!);
      expect(times, section).toEqual([...times].sort().reverse());
    }
  });

  it('liverc event - a multi-day header gives the start and end days', () => {
    const page = parseEvent(replaceOnce(html, '<span class="fa fa-calendar"></span> Nov 16, 2025</h5>', '<span class="fa fa-calendar"></span> Apr 23, 2025 to Apr 27, 2025</h5>'));
    expect([page.date_start, page.date_end]).toEqual(['2025-04-23', '2025-04-27']);
  });

  it('liverc event - race links with &amp; separators or the id first are read the same', () => {
    const amp = parseEvent(replaceOnce(html, 'href="/results/?p=view_race_result&id=6304829"', 'href="/results/?p=view_race_result&amp;id=6304829"'));
    const reversed = parseEvent(replaceOnce(html, 'href="/results/?p=view_race_result&id=6304829"', 'href="/results/?id=6304829&p=view_race_result"'));
    expect(amp.races[0]!.source_race_id).toBe('6304829');
    expect(reversed.races[0]!.source_race_id).toBe('6304829');
  });

  it('liverc event - a completion time given as a bare date has no time to report', () => {
    const page = parseEvent(replaceOnce(html, '<td>Nov 16, 2025 at 5:30pm</td>', '<td>Nov 16, 2025</td>'));
    expect(page.races[0]!.completed_at).toBeNull();
  });

  it('liverc event - an unreadable date or completion time is page_format', () => {
    expectRefused(() => parseEvent(replaceOnce(html, 'Nov 16, 2025</h5>', 'Sometime in November</h5>')), 'page_format', /event date is not understood: "Sometime in November"/);
    expectRefused(() => parseEvent(replaceOnce(html, '<td>Nov 16, 2025 at 5:30pm</td>', '<td>half past five</td>')), 'page_format', /race completion time is not understood: "half past five"/);
  });

  it('liverc event - an event with no races run yet has an empty race list', () => {
    const page = parseEvent(replaceOnce(html, /<table class="table table-hover entry_list_data">\s*<thead>\s*<tr>\s*<th colspan="2"><span class="class_header">Race Results[\s\S]*?<\/table>/, ''));
    expect(page.races).toEqual([]);
    expect(page.entries).toBe(71);
  });
});

describeWithShared('liverc event list', [REAL_PAGES.eventList], () => {
  let html: string;
  let list: EventListPage;
  beforeAll(() => {
    html = realPage(REAL_PAGES.eventList);
    list = parseEventList(html);
  });

  it('liverc event list - 100 events, newest 486677 first, oldest 265957 last', () => {
    expect(list.events).toHaveLength(100);
    expect(list.events[0]).toEqual({ source_event_id: '486677', name: 'Cormcc 2025 Rudi Wensing Memorial, Clay Cup', date: '2025-11-16', entries: 71, drivers: 60 });
    expect(list.events[99]).toEqual({ source_event_id: '265957', name: 'Winter Series Round 6', date: '2017-09-10', entries: 12, drivers: 12 });
    expect(new Set(list.events.map((e) => e.source_event_id)).size).toBe(100);
  });

  it('liverc event list - the largest event is the 2018 Canberra Clay Cup with 103 entries and 63 drivers', () => {
    const largest = list.events.reduce((a, b) => ((b.entries ?? 0) > (a.entries ?? 0) ? b : a));
    expect(largest).toEqual({ source_event_id: '287944', name: 'Canberra Clay Cup', date: '2018-09-08', entries: 103, drivers: 63 });
  });

  it('liverc event list - every date is the day of the hidden sort key, in page order', () => {
    const keys = [...html.matchAll(/<span class="hidden">(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2}<\/span>/g)].map((m) => m[1]);
    expect(list.events.map((e) => e.date)).toEqual(keys);
  });

  it('liverc event list - without the hidden key the visible date is used', () => {
    const page = parseEventList(replaceOnce(html, '<span class="hidden">2025-11-16 08:30:00</span>', ''));
    expect(page.events[0]!.date).toBe('2025-11-16');
  });

  it('liverc event list - a row without an event link is page_format', () => {
    expectRefused(() => parseEventList(replaceOnce(html, '<a href="/results/?p=view_event&id=486677">', '<a href="/results/">')), 'page_format', /events row 1 has no view_event link with a numeric id/);
  });
});

it('liverc event - the class of a race label is the part before its bracketed race name', () => {
  expect(raceClassName('Race 9: Junior (Junior A-Main)')).toBe('Junior');
  expect(raceClassName('Race 2: Stock (17.5) Buggy (Stock (17.5) Buggy A-Main)')).toBe('Stock (17.5) Buggy');
  expect(raceClassName('Race 1: 1/8 Electric Buggy (1/8 Electric Buggy  (Heat 1/3))')).toBe('1/8 Electric Buggy');
  expect(raceClassName('Race 3: Pro Open')).toBe('Pro Open');
});
