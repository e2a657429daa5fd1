/** @module Race pages that must not parse: lap data that disagrees with the table, racerLaps that would need running, broken tables; and the table read by header names. */
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { parseRaceResult } from '../../../../cloud/liverc/parsers/index.ts';
import { describeWithShared } from '../../../support/shared-fixtures.ts';
import { expectRefused, ownPage, REAL_PAGES, realPage } from './pages.ts';

/** The laps array of one racerLaps block emptied (the block itself stays). */
function emptyLaps(html: string, id: string): string {
  const out = html.replace(new RegExp(String.raw`(racerLaps\[${id}\] = \{[\s\S]*?'laps' : \[)[\s\S]*?(\]\s*\};)`), '$1\n$2');
  expect(out).not.toBe(html);
  return out;
}

/** One racerLaps assignment removed entirely. */
function dropBlock(html: string, id: string): string {
  const out = html.replace(new RegExp(String.raw`racerLaps\[${id}\] = \{[\s\S]*?\]\s*\};`), '');
  expect(out).not.toBe(html);
  return out;
}

function replaceOnce(html: string, from: string | RegExp, to: string): string {
  const out = html.replace(from, to);
  expect(out).not.toBe(html);
  return out;
}

describeWithShared('liverc race result refusals (real pages)', [REAL_PAGES.aMain], () => {
  it('liverc race result refusals - 47 laps in the table and 0 in racerLaps is missing_lap_data, not a 0-lap driver', () => {
    expectRefused(() => parseRaceResult(emptyLaps(realPage(REAL_PAGES.aMain), '346997')), 'missing_lap_data', /"FELIX KOEGLER" \(346997, position 1\) has 47 laps in the results table but 0 in racerLaps/);
  });

  it('liverc race result refusals - a starter whose racerLaps block is gone is missing_lap_data', () => {
    expectRefused(() => parseRaceResult(dropBlock(realPage(REAL_PAGES.aMain), '298958')), 'missing_lap_data', /"ARI BAKLA" \(298958, position 2\) has 47 laps in the results table but no racerLaps block/);
  });

  it('liverc race result refusals - a page without its racerLaps script is missing_lap_data for the first starter', () => {
    const html = replaceOnce(realPage(REAL_PAGES.aMain), /<script type="text\/javascript">\s*var racerLaps[\s\S]*?<\/script>/, '');
    expectRefused(() => parseRaceResult(html), 'missing_lap_data', /FELIX KOEGLER/);
  });

  it('liverc race result refusals - one lap object missing from a block is a count mismatch', () => {
    const html = replaceOnce(realPage(REAL_PAGES.aMain), /\{\s*'lapNum' : '5',[\s\S]*?\},/, '');
    expectRefused(() => parseRaceResult(html), 'missing_lap_data', /has 47 laps in the results table but 46 in racerLaps/);
  });

  it('liverc race result refusals - laps numbered out of sequence are refused even when the count matches', () => {
    const html = replaceOnce(realPage(REAL_PAGES.aMain), "'lapNum' : '3',", "'lapNum' : '30',");
    expectRefused(() => parseRaceResult(html), 'missing_lap_data', /racerLaps lap 3 is numbered 30/);
  });

  it('liverc race result refusals - a lap value replaced by a call is page_format, with no markup in the message', () => {
    const html = replaceOnce(realPage(REAL_PAGES.aMain), "'time' : '38.17',", "'time' : fetch('//example.invalid/'),");
    const error = expectRefused(() => parseRaceResult(html, { url: 'https://canberraoffroad.liverc.com/results/?p=view_race_result&id=6304829' }), 'page_format', /racerLaps\[346997\] is not a plain object literal \(identifier "fetch" is not a literal/);
    expect(error.details).toEqual({ kind: 'race-result', url: 'https://canberraoffroad.liverc.com/results/?p=view_race_result&id=6304829' });
  });

  it('liverc race result refusals - a racerLaps script cut off mid-block (page closed again) is page_format', () => {
    const html = realPage(REAL_PAGES.aMain);
    const cut = html.indexOf("'lapNum' : '20'");
    const tableAt = html.indexOf('<div class="table-responsive">');
    expectRefused(() => parseRaceResult(`${html.slice(0, cut)}\n</script>\n${html.slice(tableAt)}`), 'page_format', /not a plain object literal \(unexpected end of text/);
  });
});

describe('liverc race result refusals (project page)', () => {
  const html = ownPage('race-result-apostrophes.html');

  it('liverc race result refusals - a block assigned from a function call is refused', () => {
    expectRefused(() => parseRaceResult(replaceOnce(html, 'racerLaps[700003] = {', 'racerLaps[700003] = (function () { return {}; })() || {')), 'page_format', /racerLaps\[700003\] is not a plain object literal \(unexpected "\("/);
  });

  it('liverc race result refusals - a literal followed by an operator is an expression and refused', () => {
    const tampered = replaceOnce(html, /(racerLaps\[700002\] = \{[\s\S]*?\]\s*\});/, '$1 || steal();');
    expectRefused(() => parseRaceResult(tampered), 'page_format', /racerLaps\[700002\] is followed by an expression/);
  });

  it('liverc race result refusals - any other statement touching racerLaps is refused', () => {
    const tampered = replaceOnce(html, 'console.log(racerLaps[700001]);', 'racerLaps[700001].laps = [];');
    expectRefused(() => parseRaceResult(tampered), 'page_format', /racerLaps is used in an unexpected way/);
  });

  it('liverc race result refusals - laps for a driver the table does not list are missing_lap_data', () => {
    const $ = load(html);
    $('table.race_result tbody tr').eq(1).remove();
    expectRefused(() => parseRaceResult($.html()), 'missing_lap_data', /laps for 1 driver\(s\) missing from the results table: "ANNA SMITH" \(700003\)/);
  });

  it('liverc race result refusals - a racerLaps block named for someone else than its table row is refused', () => {
    expectRefused(() => parseRaceResult(replaceOnce(html, "'driverName' : 'ANNA SMITH'", "'driverName' : 'ANNA SMYTHE'")), 'page_format', /racerLaps\[700003\] is for "ANNA SMYTHE" but the results table gives that id to "ANNA SMITH"/);
  });

  it('liverc race result refusals - one driver id on two rows is refused', () => {
    expectRefused(() => parseRaceResult(replaceOnce(html, 'data-driver-id="700003"', 'data-driver-id="700001"')), 'page_format', /driver id 700001 appears on two rows/);
  });

  it('liverc race result refusals - two lapless blocks with one name leave the non-starter without an id instead of guessing', () => {
    const twin = "racerLaps[700009] = { 'driverName' : 'JACK D\\'ARCY', 'laps' : [ ] };\n";
    const page = parseRaceResult(replaceOnce(html, 'console.log(racerLaps[700002]);', `console.log(racerLaps[700002]);\n${twin}`));
    expect(page.results[2]).toMatchObject({ driver_name: "JACK D'ARCY", source_driver_id: null, laps: 0 });
  });

  it('liverc race result refusals - columns are found by header name, so a reordered table reads the same', () => {
    const $ = load(html);
    for (const tr of $('table.race_result tr').toArray()) {
      const cells = $(tr).children('th, td');
      if (cells.length !== 13) continue;
      cells.eq(2).insertAfter(cells.eq(4));
      cells.eq(12).insertAfter(cells.eq(0));
    }
    expect($('table.race_result thead tr').eq(1).children().first().next().text()).toBe('Consistency');
    expect(parseRaceResult($.html())).toEqual(parseRaceResult(html));
  });

  it('liverc race result refusals - a results table without its Laps/Time column is page_format naming it', () => {
    expectRefused(() => parseRaceResult(replaceOnce(html, '<th>Laps/Time</th>', '<th>Laps</th>')), 'page_format', /the results table has no "laps\/time" column/);
  });

  it('liverc race result refusals - an unreadable cell is named with its text, never its markup', () => {
    const error = expectRefused(() => parseRaceResult(replaceOnce(html, '<td>2/1:30.500</td>', '<td><b>two</b>/1:30</td>')), 'page_format', /results row 2: Laps\/Time is not understood: "two\/1:30"/);
    expect(error.message).not.toContain('<b>');
  });

  it('liverc race result refusals - a row with a cell missing is refused', () => {
    expectRefused(() => parseRaceResult(replaceOnce(html, '<td>1 Lap</td>', '')), 'page_format', /results row 2 has 12 cells, the header has 13/);
  });

  it('liverc race result refusals - a lap-count race has no time length, an unknown length is refused', () => {
    expect(parseRaceResult(replaceOnce(html, 'Length: 5:00 Timed', 'Length: 3 Laps')).length).toBeNull();
    expectRefused(() => parseRaceResult(replaceOnce(html, 'Length: 5:00 Timed', 'Length: five minutes')), 'page_format', /race length is not understood: "Length: five minutes"/);
  });

  it('liverc race result refusals - an un-run race (no racerLaps, nobody with laps) parses with empty lap lists', () => {
    const $ = load(html);
    $('script').remove();
    $('table.race_result tbody tr').slice(0, 2).remove();
    const page = parseRaceResult($.html());
    expect(page.results.map((r) => [r.driver_name, r.source_driver_id, r.lap_times.length])).toEqual([["JACK D'ARCY", null, 0], ["PAT O'NEIL", null, 0]]);
  });
});
