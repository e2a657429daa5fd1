/**
 * @module The portal's first pages in headless Chromium at phone and desktop size, against a real
 * cloud (nats-server, liverc role) and the fake LiveRC on loopback: sign-in refused then accepted,
 * the track typeahead worked by keyboard alone, a date range's events, an import followed to the
 * end, a reload mid-import that finds the job again, and a signed-out page sent back to sign-in.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PORTAL_POLICY } from '../../../cloud/portal/portal-pages.ts';
import type { CloudService } from '../../../cloud/service/cloud-service.ts';
import { useCleanups } from '../../harness/index.ts';
import { PATHS } from '../../support/liverc-pages/index.ts';
import { startServers, startTestCloud, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK, type TestTrackSite } from '../../support/liverc-pages/site.ts';
import { text, useBrowser, WAIT } from '../../web/box.ts';
import { portalPage as openPortalPage, shot, signInAt, SIZES, type Size } from './portal-browser.ts';

const defer = useCleanups();
const browser = useBrowser();
let servers: Servers;
let cloud: CloudService;
let site: TestTrackSite;
const PASSWORD = 'correct horse battery';

/** Race pages of this event answer slowly (within the test config's 2 s LiveRC timeout), so its import is still running when the page reloads. */
const SLOW_EVENT = '610002';
const QUICK_EVENT = '610001';

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  site = serveTestTrack(servers.fake);
  for (const [raceId, html] of site.sites.get(SLOW_EVENT)!.race_pages) servers.fake.page(TEST_TRACK.slug, PATHS.raceResult(raceId), html, { otherwise: { delay_ms: 1_500 } });
  cloud = await startTestCloud(servers);
  await cloud.runtime.ingestion.syncTracks();
  await cloud.runtime.ingestion.refreshEvents(TEST_TRACK.slug);
  for (const size of Object.keys(SIZES)) {
    await cloud.liverc!.accounts.store.create({ name: `club-${size}`, role: 'member', password: PASSWORD });
    await cloud.liverc!.accounts.store.create({ name: `locked-${size}`, role: 'member', password: PASSWORD });
  }
}, 90_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

const portalPage = (size: Size) => openPortalPage(browser(), cloud.url, size, defer);

const signIn = (page: Page, size: Size) => signInAt(page, `${cloud.url}/portal/`, `club-${size}`, PASSWORD);

async function pickTestTrack(page: Page, size: Size): Promise<void> {
  const input = page.getByRole('combobox', { name: 'Track' });
  await input.focus();
  await page.keyboard.type('racew');
  const options = page.getByRole('option');
  const raceways = ['Test Raceway Off Road Club', 'Thornhill RC Raceway', 'Thunder Alley Raceway'];
  await expect.poll(() => options.allInnerTexts(), WAIT).toEqual(raceways.map((name) => expect.stringContaining(name)));
  for (let i = 0; i <= raceways.length; i++) await page.keyboard.press('ArrowDown');
  // Down wraps from the last track to the first.
  await expect.poll(() => input.getAttribute('aria-activedescendant'), WAIT).toBe(`track-option-${TEST_TRACK.slug}`);
  await shot(page, '3-typeahead', size);
  await page.keyboard.press('Enter');
  await expect.poll(text(page.locator('#events-title')), WAIT).toBe(`Events at ${TEST_TRACK.name}`);
  expect(await input.getAttribute('aria-expanded')).toBe('false');
}

/**
 * Types a track's name a key at a time, slower than the typeahead's pause: several searches go
 * out, never two at once, and the list ends with the answer for the whole text. Escape closes the
 * list, and a second Escape clears the text.
 */
async function typeSlowly(page: Page): Promise<void> {
  let open = 0;
  let most = 0;
  let asked = 0;
  const isSearch = (url: string) => url.includes('/api/connectors/liverc/tracks?q=');
  page.on('request', (r) => {
    if (!isSearch(r.url())) return;
    asked++;
    most = Math.max(most, ++open);
  });
  const done = (r: { url(): string }) => {
    if (isSearch(r.url())) open--;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  const input = page.getByRole('combobox', { name: 'Track' });
  await input.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('thunder alley', { delay: 250 });
  await expect.poll(() => page.getByRole('option').allInnerTexts(), WAIT).toEqual([expect.stringContaining('Thunder Alley Raceway')]);
  expect(asked).toBeGreaterThan(1);
  expect(most).toBe(1);
  await page.keyboard.press('Escape');
  expect(await input.getAttribute('aria-expanded')).toBe('false');
  await page.keyboard.press('Escape');
  expect(await input.inputValue()).toBe('');
}

async function showMarch2025(page: Page): Promise<void> {
  // Both ends of the range fire a search; only the last one's answer is the month (the first one's can list the same events).
  const month = page.waitForResponse((r) => r.url().includes('/events?from=2025-03-01&to=2025-03-31'));
  await page.locator('input[name=from]').fill('2025-03-01');
  await page.locator('input[name=to]').fill('2025-03-31');
  await month;
  const held = marchEvents();
  await expect.poll(() => page.locator('.event').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-id')).sort()), WAIT).toEqual(held);
}

/** The test site's events held in March 2025, by id. */
function marchEvents(): string[] {
  return site.events.filter((e) => e.date_start.startsWith('2025-03')).map((e) => e.event_id).sort();
}

/** Signed in at this size, March 2025 of the test track listed, and Import pressed on this event's row. */
async function startImport(size: Size, eventId: string) {
  const { page, problems } = await portalPage(size);
  await signIn(page, size);
  await pickTestTrack(page, size);
  await showMarch2025(page);
  const event = site.events.find((e) => e.event_id === eventId)!;
  const row = page.locator(`.event[data-event-id="${eventId}"]`);
  await row.getByRole('button', { name: `Import ${event.name}` }).click();
  return { page, problems, row, races: event.races.length };
}

describe.each(Object.keys(SIZES) as Size[])('portal pages at %s size', (size) => {
  test(`portal - ${size}: a wrong password is refused with the server's message, the right one signs in; the page carries a strict CSP`, async () => {
    const { page, problems } = await portalPage(size);
    const response = await page.goto(`${cloud.url}/portal/`);
    expect(response!.headers()['content-security-policy']).toBe(PORTAL_POLICY);
    expect(PORTAL_POLICY).toContain("frame-ancestors 'none'");
    expect(PORTAL_POLICY).not.toMatch(/https?:/);
    await page.getByLabel('Name').fill(`club-${size}`);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(text(page.getByRole('alert')), WAIT).toBe('wrong user name or password');
    await shot(page, '1-sign-in-refused', size);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(text(page.locator('.who')), WAIT).toBe(`club-${size} (member)`);
    await shot(page, '2-signed-in', size);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 90_000);

  test(`portal - ${size}: after too many wrong passwords the form shows the server's 429, which says when to try again`, async () => {
    const { page, problems } = await portalPage(size);
    await page.goto(`${cloud.url}/portal/`);
    await page.getByLabel('Name').fill(`locked-${size}`);
    const statuses: number[] = [];
    while (statuses.at(-1) !== 429 && statuses.length < 10) {
      await page.getByLabel('Password').fill(`wrong password ${statuses.length}`);
      const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/auth/login')), page.getByRole('button', { name: 'Sign in' }).click()]);
      statuses.push(answer.status());
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    await expect.poll(text(page.getByRole('alert')), WAIT).toMatch(/^too many failed logins for this user name: try again in \d+ min \(at .+\)\. Sign in again after \d{1,2}:\d{2}( [AP]M)? on this device's clock\.$/);
    await shot(page, '1-sign-in-429', size);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 90_000);

  test(`portal - ${size}: the typeahead finds a track by part of its name with the keyboard alone, and a date range lists its events`, async () => {
    const { page, problems } = await portalPage(size);
    await signIn(page, size);
    await pickTestTrack(page, size);
    await shot(page, '3-track-picked', size);
    await typeSlowly(page);
    await pickTestTrack(page, size);
    await showMarch2025(page);
    const held = marchEvents();
    expect(await page.locator('.event-name').allInnerTexts()).toEqual(expect.arrayContaining(['Club Day Round 1', 'Summer Nationals']));
    await shot(page, '4-events', size);
    // The range lives in the address: a reload shows the same events.
    await page.reload();
    await expect.poll(() => page.locator('.event').count(), WAIT).toBe(held.length);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 90_000);

  test(`portal - ${size}: signed out, the API refuses the page's requests with 401 and the page shows the sign-in form`, async () => {
    const { page, problems } = await portalPage(size);
    await signIn(page, size);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(text(page.locator('.note')), WAIT).toBe('You are signed out.');
    const refused = await page.request.get(`${cloud.url}/api/connectors/liverc/tracks?q=race`);
    expect(refused.status()).toBe(401);
    expect((await page.request.get(`${cloud.url}/api/connectors/liverc/tracks/${TEST_TRACK.slug}/events?from=2025-03-01&to=2025-03-31`)).status()).toBe(401);
    await shot(page, '7-signed-out', size);
    // A session that ends under an open page: its next request is refused and the form comes back.
    await signIn(page, size);
    await page.context().clearCookies();
    await page.getByRole('combobox', { name: 'Track' }).focus();
    await page.keyboard.type('thunder');
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).count(), WAIT).toBe(1);
    expect(await text(page.locator('.note'))()).toBe('Your session has ended: sign in again.');
    expect(problems, problems.join('\n')).toEqual([]);
  }, 90_000);
});

describe('portal imports', () => {
  test('portal - phone: an import runs to completion and its row shows the races as they come in', async () => {
    const { page, problems, row: quick, races } = await startImport('phone', QUICK_EVENT);
    await expect.poll(text(quick.locator('.importing p')), WAIT).toMatch(new RegExp(`^Importing… \\d+ of ${races} races$`));
    await shot(page, '5-importing', 'phone');
    await expect.poll(text(quick.locator('.imported')), WAIT).toMatch(new RegExp(`^Imported: ${races} races, \\d+ laps$`));
    // Imported, the event opens in its own view.
    expect(await quick.getByRole('link', { name: `Open ${site.events.find((e) => e.event_id === QUICK_EVENT)!.name}` }).getAttribute('href')).toBe(`#/events/${QUICK_EVENT}`);
    await shot(page, '5-imported', 'phone');
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);

  test('portal - desktop: a page reloaded mid-import finds the job again and keeps showing its progress to the end', async () => {
    const { page, problems, row: slow, races } = await startImport('desktop', SLOW_EVENT);
    await expect.poll(text(slow.locator('.importing p')), WAIT).toMatch(/^Importing…/);
    await page.reload();
    await expect.poll(text(slow.locator('.importing p')), WAIT).toMatch(/^Importing…/);
    expect(await slow.getByRole('button', { name: 'Import Summer Nationals' }).count()).toBe(0);
    await expect.poll(text(slow.locator('.importing p')), WAIT).toMatch(new RegExp(`^Importing… [1-9]\\d* of ${races} races$`));
    await shot(page, '6-reloaded-importing', 'desktop');
    await expect.poll(text(slow.locator('.imported')), { ...WAIT, timeout: 120_000 }).toMatch(new RegExp(`^Imported: ${races} races, \\d+ laps$`));
    await shot(page, '6-imported', 'desktop');
    expect(problems, problems.join('\n')).toEqual([]);
  }, 180_000);
});
