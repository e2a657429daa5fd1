/** @module Track-level pages: the two real dashboards, and the project's own track list and entry list written from §1.3 and §1.7. */
import { describe, expect, it } from 'vitest';
import { parseDashboard, parseEntryList, parseTrackList, slugOf } from '../../../../cloud/liverc/parsers/index.ts';
import { describeWithShared } from '../../../support/shared-fixtures.ts';
import { expectRefused, ownPage, REAL_PAGES, realPage } from './pages.ts';

function replaceOnce(html: string, from: string | RegExp, to: string): string {
  const out = html.replace(from, to);
  expect(out).not.toBe(html);
  return out;
}

describeWithShared('liverc dashboard', [REAL_PAGES.dashboardThunderAlley, REAL_PAGES.dashboardTrc], () => {
  it('liverc dashboard - Thunder Alley: address, phone, website, the noSpam e-mail, lifetime stats', () => {
    expect(parseDashboard(realPage(REAL_PAGES.dashboardThunderAlley))).toEqual({
      name: 'Thunder Alley RC Speedway',
      address: '5320 US 301, Lucama, NC 27851, United States',
      phone: '+1 252-291-4088',
      website: 'http://www.thunder-alley.com/',
      email: 'worldofrcparts@aol.com',
      stats: { laps: 6753663, practice_sessions: 115168, races: 20959, entries: 34957, events: 898 },
    });
  });

  it('liverc dashboard - Thornhill: "P: N/A" is no phone', () => {
    expect(parseDashboard(realPage(REAL_PAGES.dashboardTrc))).toEqual({
      name: 'Thornhill Racing Circuit',
      address: '1575 CR101, Hutto, TX 78634, United States',
      phone: null,
      website: 'http://www.thornhillrc.com',
      email: 'thornhillracingcircuit@gmail.com',
      stats: { laps: 2762097, practice_sessions: 165171, races: 16354, entries: 33422, events: 632 },
    });
  });

  it('liverc dashboard - the e-mail falls back to the noSpam arguments when the link text is not an address', () => {
    const html = replaceOnce(realPage(REAL_PAGES.dashboardTrc), /(noSpam\('thornhillracingcircuit', 'gmail.com'\);" target="_blank">)[^<]*/, '$1Send us an e-mail');
    expect(parseDashboard(html).email).toBe('thornhillracingcircuit@gmail.com');
  });

  it('liverc dashboard - a dashboard without the Lifetime Track Stats panel is page_format', () => {
    const html = replaceOnce(realPage(REAL_PAGES.dashboardTrc), '</i> Lifetime Track Stats</div>', '</i> Track Stats</div>');
    expectRefused(() => parseDashboard(html), 'page_format', /no "Lifetime Track Stats" panel/);
  });

  it('liverc dashboard - a stat that is not a count is page_format', () => {
    const html = replaceOnce(realPage(REAL_PAGES.dashboardTrc), '<td class="text-right">632</td>', '<td class="text-right">lots</td>');
    expectRefused(() => parseDashboard(html), 'page_format', /lifetime stat events is not a number: "lots"/);
  });
});

describe('liverc track list', () => {
  const html = ownPage('track-list.html');

  it('liverc track list - every track once, in page order, with status, age and current event', () => {
    expect(parseTrackList(html)).toEqual({
      tracks: [
        { slug: 'canberraoffroad', name: 'Canberra Off Road Model Car Club', status: 'racing', last_activity: '1 minute ago', current_event: 'Cormcc 2025 Rudi Wensing Memorial, Clay Cup' },
        { slug: 'thunderalley', name: 'Thunder Alley RC Speedway', status: 'practice', last_activity: '3 hours ago', current_event: 'Thursday Night Practice' },
        { slug: 'obriens', name: "O'Brien's R/C & Hobby", status: 'practice', last_activity: 'Yesterday', current_event: null },
        { slug: 'trc', name: 'Thornhill Racing Circuit', status: 'idle', last_activity: 'last month', current_event: null },
        { slug: 'silverstate', name: '2026 Psycho Nitro Blast', status: 'idle', last_activity: null, current_event: '2025 Psycho Nitro Blast 19' },
      ],
    });
  });

  it('liverc track list - a repeated slug keeps its first (most recently active) row', () => {
    const tracks = parseTrackList(html).tracks.filter((t) => t.slug === 'canberraoffroad');
    expect(tracks).toHaveLength(1);
    expect(tracks[0]!.name).toBe('Canberra Off Road Model Car Club');
  });

  it('liverc track list - the hidden search text and the video/featured icons do not leak into name or status', () => {
    const first = parseTrackList(html).tracks[0]!;
    expect(first.name).not.toContain('seRC');
    expect(first.status).toBe('racing');
  });

  it('liverc track list - the slug comes from the protocol-relative or absolute link', () => {
    expect(slugOf('//canberraoffroad.liverc.com/')).toBe('canberraoffroad');
    expect(slugOf('https://Thunder-Alley.liverc.com/live/')).toBe('thunder-alley');
    expect(slugOf('//liverc.com/')).toBeNull();
    expect(slugOf('//evil.liverc.com.example.org/')).toBeNull();
    expect(slugOf(undefined)).toBeNull();
  });

  it('liverc track list - a row without a status icon is page_format naming the slug', () => {
    expectRefused(() => parseTrackList(replaceOnce(html, '<i class="status_icon status_1" title="Open Practice"></i>', '')), 'page_format', /track row 2 \("thunderalley"\) has no status_0\/1\/2 icon/);
  });

  it('liverc track list - a row without a liverc link is page_format', () => {
    const tampered = replaceOnce(html, /data-href="\/\/trc\.liverc\.com\/live\/"([\s\S]*?)<a href="\/\/trc\.liverc\.com\/">/, 'data-href="/live/"$1<a href="/">');
    expectRefused(() => parseTrackList(tampered), 'page_format', /track row 4 has no \{slug\}\.liverc\.com link/);
  });
});

describe('liverc entry list', () => {
  const html = ownPage('entry-list.html');

  it('liverc entry list - classes in tab order, drivers without the hidden sort name glued on', () => {
    expect(parseEntryList(html)).toEqual({
      classes: [
        {
          class_name: '1/8 Nitro Buggy',
          entries: [
            { driver_name: 'ARI BAKLA', sort_name: 'BAKLA, ARI', transponder: '4417305' },
            { driver_name: 'JIMMY HORNE', sort_name: 'HORNE, JIMMY', transponder: '9783013' },
            { driver_name: 'FELIX KOEGLER', sort_name: 'KOEGLER, FELIX', transponder: null },
            { driver_name: "MATTHEW O'LOUGHLIN", sort_name: "O'LOUGHLIN, MATTHEW", transponder: '8603914' },
          ],
        },
        {
          class_name: '40+ Electric Buggy',
          entries: [
            { driver_name: 'RICHARD BRATTON', sort_name: 'BRATTON, RICHARD', transponder: '2934455' },
            { driver_name: 'RILEY LANDER', sort_name: null, transponder: '5550123' },
          ],
        },
        { class_name: 'Junior', entries: [] },
        { class_name: 'Spt. Electric Buggy', entries: [{ driver_name: "JACK D'ARCY", sort_name: "D'ARCY, JACK", transponder: '1000001' }] },
      ],
    });
  });

  it('liverc entry list - the §1.7 trap: no name reads "BRATTON, RICHARDRICHARD BRATTON"', () => {
    const names = parseEntryList(html).classes.flatMap((c) => c.entries.map((e) => e.driver_name));
    expect(names).toContain('RICHARD BRATTON');
    for (const name of names) expect(name).not.toMatch(/,/);
  });

  it('liverc entry list - the Transponder column is found by name wherever it stands', () => {
    const swapped = html.replaceAll('<th>#</th>\n\t\t\t\t\t\t\t\t\t\t\t<th>Driver</th>\n\t\t\t\t\t\t\t\t\t\t\t<th>Transponder #</th>', '<th>Transponder #</th>\n<th>Driver</th>\n<th>#</th>');
    expect(swapped).not.toBe(html);
    const page = parseEntryList(swapped.replace(/<td>1<\/td>(\s*<td><span class="hidden">BAKLA, ARI<\/span>ARI BAKLA<\/td>\s*)<td>4417305<\/td>/, '<td>4417305</td>$1<td>1</td>'));
    expect(page.classes[0]!.entries[0]).toEqual({ driver_name: 'ARI BAKLA', sort_name: 'BAKLA, ARI', transponder: '4417305' });
  });

  it('liverc entry list - a class table without a Driver column is page_format naming the class', () => {
    expectRefused(() => parseEntryList(replaceOnce(html, '<th>Driver</th>', '<th>Racer</th>')), 'page_format', /class "1\/8 Nitro Buggy" has no "Driver" column/);
  });
});
