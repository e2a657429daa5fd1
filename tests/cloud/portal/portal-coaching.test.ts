/**
 * @module The race view's coaching answers in headless Chromium at phone and desktop size, against a
 * real cloud and the fake LiveRC serving an A-Main built with a known drop-off: its winner laps at
 * one pace to lap 20 and 7.5 % slower from lap 21. The answer must name lap 21 and the seconds,
 * the fall-off chart must have been given the laps, the rolling average and the marked lap, and
 * the second driver's gap to the winner must come from both drivers' running totals.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CloudService } from '../../../cloud/service/cloud-service.ts';
import { useCleanups } from '../../harness/index.ts';
import { startServers, startTestCloud, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
import { importEvent } from '../../support/liverc-pages/import-event.ts';
import { fullName, type SynthRace } from '../../support/liverc-pages/index.ts';
import { serveTestTrack, serveTrackList, testTrackEvents } from '../../support/liverc-pages/site.ts';
import { text, useBrowser, WAIT } from '../../web/box.ts';
import { chartData, portalPage, SHOTS, signInAt, SIZES, type Size } from './portal-browser.ts';

const defer = useCleanups();
const browser = useBrowser();
let servers: Servers;
let cloud: CloudService;
let race: SynthRace;
const PASSWORD = 'correct horse battery';
const EVENT_ID = '610001';
const DROP_LAP = 21;
const LAPS = 30;

/** The winner's laps: a slow start lap, then the pace (a few hundredths either way) to lap 20, then 7.5 % slower. */
function droppingLaps(pace: number): number[] {
  return Array.from({ length: LAPS }, (_, i) => {
    const lap = i + 1;
    const wobble = 0.03 * Math.sin(lap * 1.7);
    const seconds = lap === 1 ? pace * 1.15 : lap < DROP_LAP ? pace + wobble : pace * 1.075 + wobble;
    return Math.round(seconds * 1000) / 1000;
  });
}

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  const events = testTrackEvents();
  const event = events.find((e) => e.event_id === EVENT_ID)!;
  race = event.races.find((r) => r.heading.endsWith('A-Main') && r.results.length > 2)!;
  const winner = race.results[0]!;
  const positions = winner.laps.map((l) => l.position);
  winner.laps = droppingLaps(winner.driver.pace).map((seconds, i) => ({ lap: i + 1, position: positions[i] ?? 1, seconds }));
  race.length_s = Math.ceil(winner.laps.reduce((a, l) => a + l.seconds, 0));
  serveTestTrack(servers.fake, events);
  cloud = await startTestCloud(servers);
  await cloud.runtime.ingestion.syncTracks();
  await cloud.runtime.ingestion.refreshEvents(event.slug);
  await importEvent(cloud, EVENT_ID);
  for (const size of Object.keys(SIZES)) await cloud.liverc!.accounts.store.create({ name: `coach-${size}`, role: 'member', password: PASSWORD });
}, 120_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

const seriesOf = (page: Page, id: string) => page.locator(`#${id}`).evaluate((el) => JSON.parse((el as HTMLElement).dataset.series ?? '[]') as string[]);

describe.each(Object.keys(SIZES) as Size[])('portal coaching at %s size', (size) => {
  test(`portal coaching - ${size}: the race built with a drop-off at lap ${DROP_LAP} gets that lap named, with the seconds, and the chart it comes from`, async () => {
    const { page, problems } = await portalPage(browser(), cloud.url, size, defer);
    await signInAt(page, `${cloud.url}/portal/`, `coach-${size}`, PASSWORD);
    await page.goto(`${cloud.url}/portal/#/races/${race.race_id}?event=${EVENT_ID}`);
    const winner = race.results[0]!;
    const pace = winner.driver.pace;
    const select = page.getByLabel('Driver', { exact: true });
    await expect.poll(() => select.inputValue(), WAIT).toBe(`d${winner.driver.id}`);
    const said = page.locator('#answer-fall-off p.said');
    await expect.poll(text(said), WAIT).toMatch(new RegExp(`^${fullName(winner.driver)}'s laps fell off from lap ${DROP_LAP}: `));
    const slower = Number(/, (\d+\.\d{3}) s \((\d+\.\d) %\) slower/.exec(await text(said)())![1]);
    expect(slower).toBeCloseTo(pace * 0.075, 1);

    const data = (await chartData(page, 'chart-fall-off'))!;
    const labels = await seriesOf(page, 'chart-fall-off');
    expect(labels).toEqual(['Lap time', 'Rolling average', 'Early pace', `Fell off: lap ${DROP_LAP}`]);
    expect(data[0]).toEqual(Array.from({ length: LAPS }, (_, i) => i + 1));
    expect(data[1]).toEqual(winner.laps.map((l) => l.seconds));
    const marked = data[4]!.flatMap((v, i) => (v === null ? [] : [i + 1]));
    expect(marked).toEqual([DROP_LAP]);
    // The rolling average starts once five laps from lap 2 are in, and ends on the late pace.
    expect(data[2]!.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(data[2]![LAPS - 1]!).toBeCloseTo(pace * 1.075, 1);
    await page.locator('#answer-fall-off').screenshot({ path: `${SHOTS}portal-coaching-fall-off-${size}.png` });

    // The second driver: gap to the winner from both running totals, lap by lap.
    const second = race.results[1]!;
    await select.selectOption(`d${second.driver.id}`);
    const gapSaid = page.locator('#answer-leader p.said');
    await expect.poll(text(gapSaid), WAIT).toContain(`behind the winner, ${fullName(winner.driver)}`);
    /** The chart's gap beside the one worked out from both drivers' lap times, for the laps it shows. */
    const gapAgainstLaps = async () => {
      const gap = (await chartData(page, 'chart-gap'))!;
      let mine = 0;
      let theirs = 0;
      const expected = gap[0]!.map((lap) => {
        mine += second.laps[lap! - 1]!.seconds;
        theirs += winner.laps[lap! - 1]!.seconds;
        return Math.round((mine - theirs) * 1000) / 1000;
      });
      return { shown: gap[1]!.map((v) => Math.round(v! * 1000) / 1000), expected, mine };
    };
    // The answer's words and its chart are drawn apart: the chart may still be the winner's own for a moment.
    await expect.poll(async () => {
      const { shown, expected } = await gapAgainstLaps();
      return shown.length > 0 && JSON.stringify(shown) === JSON.stringify(expected);
    }, WAIT).toBe(true);
    const { mine } = await gapAgainstLaps();
    expect(mine).toBeLessThanOrEqual(300);
    await expect.poll(text(page.locator('#answer-stints p.said')), WAIT).toMatch(/stints|not enough for two stints/);
    await page.locator('.coaching').screenshot({ path: `${SHOTS}portal-coaching-${size}.png` });
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);
});
