/** @module Race control's status panel shows the same findings as `mre doctor`, in its order, on a phone: a box with its decoder unplugged and its cloud away. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeProblems } from '../../appliance/firstboot/problems.ts';
import { issueToken } from '../../cloud/ingest/token.ts';
import { freePort, useCleanups } from '../harness/index.ts';
import { dataDir, phonePage, startBox, text, texts, useBrowser, WAIT } from './box.ts';
import { openControl, SHOTS } from './control-pages.ts';

const defer = useCleanups();
const browser = useBrowser();

describe('control page - box status findings', () => {
  test('control page - the opened status panel lists FAIL for the decoder and CHECK for the cloud, each with what to do', async () => {
    const [nobody, closed] = [await freePort(), await freePort()];
    const { token } = issueToken(Buffer.from('a-secret-only-this-test-knows-32-bytes!!'), { track_id: 'club-track', client_id: 'box-1' });
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), env: { MRE_DECODER_SOURCE: `tcp://127.0.0.1:${nobody}`, MRE_LOG_MIN_FREE_BYTES: '0', MRE_TRACK_ID: 'club-track', MRE_CLIENT_ID: 'box-1', MRE_SYNC_ENABLED: 'true', MRE_SYNC_URL: `http://127.0.0.1:${closed}`, MRE_SYNC_TOKEN: token } });
    defer(() => box.stop());
    const { page, problems, desktop } = await openControl(browser(), box.url, defer);
    for (const p of [page, desktop]) await p.getByRole('group', { name: 'box status' }).locator('summary').click();
    const items = page.getByRole('list', { name: 'what to check' }).locator('li');
    await expect.poll(texts(items), WAIT).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^FAIL decoder decoder disconnected \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${nobody}\\)\\s*Check the decoder is on`, 'i')), expect.stringMatching(new RegExp(`^CHECK cloud cloud http://127\\.0\\.0\\.1:${closed} unreachable`, 'i'))]),
    );
    const all = (await texts(items)()).map((t) => t.toLowerCase());
    // The doctor's order: decoder lines first, the cloud after the disk.
    expect(all.findIndex((t) => t.includes(' decoder '))).toBe(0);
    expect(all.findIndex((t) => t.startsWith('ok disk'))).toBeLessThan(all.findIndex((t) => t.includes(' cloud ')));
    expect(await items.first().getAttribute('class')).toContain('status-bad');
    const dir = join(SHOTS, 'doctor');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'status-findings-phone.png'), fullPage: true });
    await desktop.screenshot({ path: join(dir, 'status-findings-desktop.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);

  test("control page - a bad config file on the boot partition shows as a banner on race control and the scoreboard, each field by its path", async () => {
    const data = await dataDir(defer);
    await writeProblems(data, '/boot/firmware/mre.toml', [
      { path: 'box.hostname', message: 'expected a host name of lowercase letters, digits and -' },
      { path: 'appliance.http.port', message: 'expected a whole number from 0 to 65535, got 70000' },
    ]);
    const box = await startBox({ scenario: 'rc-practice', dataDir: data });
    defer(() => box.stop());
    const { page, problems, desktop } = await openControl(browser(), box.url, defer);
    const scoreboard = await phonePage(browser(), defer);
    await scoreboard.page.goto(`${box.url}/`);
    const wideContext = await browser().newContext({ viewport: { width: 1366, height: 850 } });
    defer(() => wideContext.close());
    const wide = await wideContext.newPage();
    await wide.goto(`${box.url}/`);
    for (const p of [page, desktop, scoreboard.page, wide]) {
      const banner = p.getByRole('alert').filter({ hasText: "The box's config file has problems" });
      await expect.poll(text(banner), WAIT).toContain("The box's config file has problems:");
      expect(await texts(banner.locator('li'))()).toEqual(['box.hostname: expected a host name of lowercase letters, digits and -', 'appliance.http.port: expected a whole number from 0 to 65535, got 70000']);
    }
    // The status panel leads with the same problem, as `mre doctor` does.
    for (const p of [page, desktop]) {
      await p.getByRole('group', { name: 'box status' }).locator('summary').click();
      const first = p.getByRole('list', { name: 'what to check' }).locator('li').first();
      await expect.poll(text(first), WAIT).toMatch(/^FAIL config the box's config file \/boot\/firmware\/mre\.toml was not applied .*box\.hostname: .*appliance\.http\.port: /i);
    }
    const dir = join(SHOTS, 'firstboot');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'control-phone-status.png'), fullPage: true });
    await desktop.screenshot({ path: join(dir, 'control-desktop-status.png'), fullPage: true });
    for (const [name, p] of [['control-phone', page], ['control-desktop', desktop], ['scoreboard-phone', scoreboard.page], ['scoreboard-desktop', wide]] as const) await p.screenshot({ path: join(dir, `${name}.png`) });
    expect([...problems, ...scoreboard.problems]).toEqual([]);
  }, 120_000);
});
