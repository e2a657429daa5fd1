/** @module The race-control page in headless Chromium at phone size, driven like staff do, against a real appliance: under its content security policy, with the lockout after wrong PINs, and not in another site's frame. */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { issueToken } from '../../cloud/ingest/token.ts';
import { artifactPath, freePort, useCleanups } from '../harness/index.ts';
import { BMX_CLUB_DAY, control, dataDir, phonePage, startBox, text, texts, TOKEN, useBrowser, WAIT } from './box.ts';

const defer = useCleanups();
const browser = useBrowser();

const EVENT = BMX_CLUB_DAY;

/** Collects every CSP violation the page reports, by event and in the console. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  await page.exposeFunction('reportViolation', (what: string) => violations.push(what));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation: (s: string) => void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return violations;
}

async function openControl(page: Page, url: string, pin: string): Promise<void> {
  await page.goto(`${url}/control/`);
  await page.getByLabel('PIN').fill(pin);
  await page.getByLabel('Name', { exact: true }).fill('Pat Official');
  await page.getByRole('button', { name: 'Use' }).click();
}

describe('control page', () => {
  test('control page - stages a moto with edited lanes, drops the gate and force-finishes it, showing the results', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer) });
    defer(() => box.stop());
    await control(box, 'event.setup', EVENT);
    const { page, problems } = await phonePage(browser(), defer);
    await openControl(page, box.url, TOKEN);
    await expect.poll(text(page.locator('.login-done b')), WAIT).toBe('Pat Official');

    const stage = page.getByRole('region', { name: 'stage a race' });
    await stage.getByLabel('Class').selectOption('boys-13');
    await stage.getByLabel('Race name').fill('Moto 1');
    for (const name of ['Rider 1', 'Rider 2', 'Rider 3']) await stage.getByRole('checkbox', { name }).check();
    // Lanes follow the order riders were picked; staff can still move one.
    expect(await stage.getByLabel('Lane').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['1', '2', '3']);
    await stage.getByLabel('Lane').nth(2).fill('5');
    await stage.getByRole('button', { name: 'Stage bmx moto' }).click();
    await expect.poll(text(stage.locator('.feedback')), WAIT).toBe('Staged Moto 1.');

    const race = page.getByRole('region', { name: 'current race' });
    await expect.poll(text(race.locator('.badge')), WAIT).toBe('STAGED');
    expect(await texts(race.locator('.bmx-staged .cell-place'))()).toEqual(['1', '2', '5']);
    expect(await texts(race.locator('.bmx-staged .cell-name'))()).toEqual(['Rider 1', 'Rider 2', 'Rider 3']);

    await race.getByRole('button', { name: 'Gate drop' }).click();
    await expect.poll(text(race.locator('.badge')), WAIT).toBe('GATE');
    await race.getByRole('button', { name: 'Force finish' }).click();
    await expect.poll(text(race.locator('.badge')), WAIT).toBe('FINAL');
    expect(await text(race.locator('.board-reason'))()).toBe('forced finish');
    // No loop saw anyone before the forced finish: all three are DNS, scored the field size + 1.
    await expect.poll(texts(race.locator('.bmx-row:not(.row-head) .cell-place')), WAIT).toEqual(['DNS', 'DNS', 'DNS']);
    expect(await texts(race.locator('.bmx-dns .cell-points'))()).toEqual(['4', '4', '4']);
    expect(await race.locator('.feedback-error').count()).toBe(0);

    await page.screenshot({ path: artifactPath('control-moto.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);

  test('control page - names a wrong PIN and every field the box refuses', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer) });
    defer(() => box.stop());
    await control(box, 'event.setup', EVENT);
    const { page } = await phonePage(browser(), defer);
    await openControl(page, box.url, '0000');
    // The PIN is checked as it is entered: nothing has to be staged to find the typo.
    await expect.poll(text(page.locator('.login-problem')), WAIT).toBe('Wrong PIN: check the operator PIN and try again.');

    await page.getByLabel('PIN').fill(TOKEN);
    await page.getByRole('button', { name: 'Use' }).click();
    await expect.poll(text(page.locator('.login-done b')), WAIT).toBe('Pat Official');
    const stage = page.getByRole('region', { name: 'stage a race' });
    await expect.poll(() => stage.getByRole('checkbox', { name: 'Rider 1' }).count(), WAIT).toBe(1);
    await stage.getByRole('button', { name: 'Stage bmx moto' }).click();
    await expect.poll(text(stage.locator('.feedback-error')), WAIT).toMatch(/^lineup: /);
    await page.screenshot({ path: artifactPath('control-errors.png'), fullPage: true });
  }, 120_000);

  test('control page - race control and the scoreboard work under the content security policy with no violation', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer) });
    defer(() => box.stop());
    await control(box, 'event.setup', EVENT);
    const { page, problems } = await phonePage(browser(), defer);
    const violations = await watchCsp(page);
    await openControl(page, box.url, TOKEN);
    const stage = page.getByRole('region', { name: 'stage a race' });
    await expect.poll(() => stage.getByRole('checkbox', { name: 'Rider 1' }).count(), WAIT).toBe(1);
    await stage.getByRole('checkbox', { name: 'Rider 1' }).check();
    await stage.getByRole('button', { name: 'Stage bmx moto' }).click();
    await expect.poll(text(stage.locator('.feedback')), WAIT).toBe('Staged Moto 1.');
    // The badge comes over the live WebSocket: connect-src let it through.
    await expect.poll(text(page.getByRole('region', { name: 'current race' }).locator('.badge')), WAIT).toBe('STAGED');

    await page.goto(`${box.url}/`);
    await expect.poll(text(page.locator('h1')), WAIT).toBe('Club day');
    await expect.poll(text(page.locator('.board .badge')), WAIT).toBe('STAGED');
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);

  test('control page - after wrong PINs it says the device is locked and when to try again', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer) });
    defer(() => box.stop());
    await control(box, 'event.setup', EVENT);
    const { page } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/control/`);
    await page.getByLabel('PIN').fill('000000');
    const feedback = text(page.locator('.login-problem'));
    for (let i = 0; i < 4; i++) {
      await page.getByRole('button', { name: 'Use' }).click();
      await expect.poll(feedback, WAIT).toBe('Wrong PIN: check the operator PIN and try again.');
      await page.locator('.login-problem').evaluate((el) => el.remove());
    }
    await page.getByRole('button', { name: 'Use' }).click();
    await expect.poll(feedback, WAIT).toMatch(/^Too many wrong PINs from this device: race control is locked on it\. Try again in \d+ s \(at \d\d:\d\d:\d\d( [AP]M)?\)\.$/);
    // Locked, the right PIN waits too.
    await page.getByLabel('PIN').fill(TOKEN);
    await page.locator('.login-problem').evaluate((el) => el.remove());
    await page.getByRole('button', { name: 'Use' }).click();
    await expect.poll(feedback, WAIT).toMatch(/^Too many wrong PINs from this device/);
    expect(await page.locator('.login-done').count()).toBe(0);
    await page.screenshot({ path: artifactPath('control-locked-phone.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: artifactPath('control-locked-desktop.png') });
  }, 120_000);

  test('control page - another site cannot show race control in a frame', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer) });
    defer(() => box.stop());
    const { page } = await phonePage(browser(), defer);
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(message.text()));
    await page.setContent(`<iframe src="${box.url}/control/" width="300" height="300"></iframe>`);
    await expect.poll(() => consoleLines.some((m) => m.includes('frame-ancestors')), WAIT).toBe(true);
    const frame = page.frames().find((f) => f.url().includes('/control/'));
    expect(frame ? await frame.locator('h1').count().catch(() => 0) : 0).toBe(0);
  }, 120_000);

  test('control page - the status panel says when the cloud is away, in amber, while timing goes on', async () => {
    // A port nobody listens on: the box's cloud is away from the start.
    const closed = await freePort();
    const { token } = issueToken(Buffer.from('a-secret-only-this-test-knows-32-bytes!!'), { track_id: 'club-track', client_id: 'box-1' });
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), env: { MRE_TRACK_ID: 'club-track', MRE_CLIENT_ID: 'box-1', MRE_SYNC_ENABLED: 'true', MRE_SYNC_URL: `http://127.0.0.1:${closed}`, MRE_SYNC_TOKEN: token } });
    defer(() => box.stop());
    const { page, problems } = await phonePage(browser(), defer);
    await openControl(page, box.url, TOKEN);
    // Folded, the panel's line names the problem in amber; opened, the cloud sync says what is wrong.
    const line = page.getByRole('group', { name: 'box status' }).locator('summary .status-line');
    await expect.poll(text(line), WAIT).toBe('decoder connected · cloud away');
    expect(await line.getAttribute('class')).toContain('status-warn');
    await page.getByRole('group', { name: 'box status' }).locator('summary').click();
    const sync = page.locator('.status-item', { has: page.locator('dt', { hasText: 'Cloud sync' }) });
    await expect.poll(text(sync.locator('dd')), WAIT).toMatch(/^cloud unreachable, retrying, \d+ to send/);
    expect(await sync.getAttribute('class')).toContain('status-warn');
    await page.screenshot({ path: artifactPath('control-sync-away-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: artifactPath('control-sync-away-desktop.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);
});
