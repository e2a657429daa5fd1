/**
 * @module The admin console in headless Chromium at phone and desktop size, against one cloud
 * running the liverc and ingest roles (nats-server and the fake LiveRC on loopback): an admin
 * syncs LiveRC and follows a re-import's log, issues a box token that the same cloud's ingest
 * takes, revokes it in the page and ingest then refuses it, adds, re-roles and removes a user;
 * a member sees "Admins only".
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PORTAL_POLICY } from '../../../cloud/portal/portal-pages.ts';
import type { CloudService } from '../../../cloud/service/cloud-service.ts';
import { useCleanups } from '../../harness/index.ts';
import { startAdminCloud } from '../../support/admin-cloud.ts';
import { startServers, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK } from '../../support/liverc-pages/site.ts';
import { envelopes, postBatch, TRACK } from '../ingest/support.ts';
import { text, texts, useBrowser, WAIT } from '../../web/box.ts';
import { portalPage, SHOTS, SIZES, type Size } from './portal-browser.ts';

const PASSWORD = 'correct horse battery';
const EVENT = '610001';

const defer = useCleanups();
const browser = useBrowser();
let servers: Servers;
let cloud: CloudService;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  servers = await startServers();
  serveTrackList(servers.fake);
  serveTestTrack(servers.fake);
  cloud = await startAdminCloud(servers, { worker: true });
  for (const size of Object.keys(SIZES)) {
    await cloud.liverc!.accounts.store.create({ name: `chief-${size}`, role: 'admin', password: PASSWORD });
    await cloud.liverc!.accounts.store.create({ name: `racer-${size}`, role: 'member', password: PASSWORD });
  }
}, 90_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

async function consolePage(size: Size, name: string): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await portalPage(browser(), cloud.url, size, defer);
  const answer = await page.goto(`${cloud.url}/portal/admin/`);
  expect(answer!.headers()['content-security-policy']).toBe(PORTAL_POLICY);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Password').press('Enter');
  await expect.poll(text(page.locator('.who')), WAIT).toContain(name);
  return { page, problems };
}

const section = (page: Page, title: string) => page.locator('section', { has: page.getByRole('heading', { name: title, exact: true }) });
const shot = (page: Page, title: string, size: Size) => section(page, title).screenshot({ path: `${SHOTS}portal-admin-${title.toLowerCase().replace(/ /g, '-')}-${size}.png` });

describe.each(Object.keys(SIZES) as Size[])('admin console at %s size', (size) => {
  test(`admin console (${size}) - LiveRC sync, events and a re-import followed in Jobs to its log`, async () => {
    const { page, problems } = await consolePage(size, `chief-${size}`);
    const liverc = section(page, 'LiveRC');
    await liverc.getByRole('button', { name: 'Sync tracks' }).click();
    await expect.poll(text(liverc.locator('.status')), WAIT).toMatch(/\d+ tracks: \d+ added/);
    await liverc.getByLabel('Track slug').fill(TEST_TRACK.slug);
    await liverc.getByRole('button', { name: 'Sync events' }).click();
    await expect.poll(texts(liverc.locator('.status')), WAIT).toContainEqual(expect.stringMatching(new RegExp(`^${TEST_TRACK.slug}: \\d+ events`)));
    await liverc.getByLabel('Event id').fill(EVENT);
    await liverc.getByRole('button', { name: 'Re-ingest event' }).click();
    await expect.poll(texts(liverc.locator('.status')), WAIT).toContainEqual(expect.stringMatching(/^job liverc-610001-\S+ (queued|was already queued)/));
    await shot(page, 'LiveRC', size);

    const jobs = section(page, 'Jobs');
    await expect.poll(texts(jobs.locator('.rows li')), WAIT).toContainEqual(expect.stringContaining(`Event ${EVENT}`));
    await jobs.getByRole('button', { name: /^Open job liverc-610001/ }).first().click();
    await expect.poll(text(jobs.locator('.job-open .badge')), WAIT).toBe('done');
    await expect.poll(text(jobs.getByLabel('job log')), WAIT).toMatch(/race/i);
    const openedId = await text(jobs.locator('.job-open .job-id'))();
    await expect.poll(text(jobs.locator('.rows li', { has: page.getByRole('button', { name: `Open job ${openedId}` }) }).locator('.badge')), WAIT).toBe('done');
    await shot(page, 'Jobs', size);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  test(`admin console (${size}) - a token issued in the page is taken by ingest, and refused once revoked in the page`, async () => {
    const { page, problems } = await consolePage(size, `chief-${size}`);
    const tokens = section(page, 'Box tokens');
    const client = `box-${size}`;
    await tokens.getByLabel('Track id').fill(TRACK);
    await tokens.getByLabel('Client id').fill(client);
    await tokens.getByRole('button', { name: 'Issue token' }).click();
    const field = tokens.getByLabel('New box token');
    await expect.poll(() => field.inputValue().catch(() => ''), WAIT).toMatch(/^mre1\./);
    const token = await field.inputValue();
    await expect.poll(texts(tokens.locator('.rows li')), WAIT).toContainEqual(expect.stringContaining(`${TRACK} / ${client}`));
    await shot(page, 'Box tokens', size);
    expect((await postBatch(cloud.url, token, { envelopes: envelopes(1, 2, { client_id: client }) })).status).toBe(200);

    await tokens.getByRole('button', { name: 'Done' }).click();
    const row = tokens.locator('.rows li', { hasText: `${TRACK} / ${client}` });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect.poll(text(row.locator('.badge')), WAIT).toBe('revoked');
    await expect.poll(async () => (await postBatch(cloud.url, token, { envelopes: envelopes(10, 1, { client_id: client }) })).status, WAIT).toBe(401);
    await shot(page, 'Box tokens', `${size}-revoked` as Size);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  test(`admin console (${size}) - a user added with the password typed twice, made admin, then removed`, async () => {
    const { page, problems } = await consolePage(size, `chief-${size}`);
    const users = section(page, 'Users');
    const name = `newbie-${size}`;
    await users.getByLabel("New user's name").fill(name);
    await users.getByLabel('Password', { exact: true }).fill('a long enough password');
    await users.getByLabel('Password again').fill('a different password');
    await expect.poll(text(users.getByRole('alert')), WAIT).toBe('The two passwords differ.');
    await expect.poll(() => users.getByRole('button', { name: 'Add user' }).isDisabled()).toBe(true);
    await users.getByLabel('Password again').fill('a long enough password');
    await users.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(texts(users.locator('.rows li strong')), WAIT).toContain(name);
    expect((await cloud.liverc!.accounts.store.get(name))?.role).toBe('member');

    await users.getByLabel(`Role of ${name}`).selectOption('admin');
    await expect.poll(async () => (await cloud.liverc!.accounts.store.get(name))?.role, WAIT).toBe('admin');
    await expect(users.getByLabel(`Role of chief-${size}`).isDisabled()).resolves.toBe(true);
    await shot(page, 'Users', size);
    const row = users.locator('.rows li', { has: page.locator('strong', { hasText: name }) });
    await row.getByRole('button', { name: 'Remove' }).click();
    await row.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(texts(users.locator('.rows li strong')), WAIT).not.toContain(name);
    expect(await cloud.liverc!.accounts.store.get(name)).toBeNull();
    expect(problems, problems.join('\n')).toEqual([]);
  });

  test(`admin console (${size}) - a member signed in sees "Admins only" and none of the sections`, async () => {
    const { page, problems } = await consolePage(size, `racer-${size}`);
    await expect.poll(text(page.getByRole('heading', { level: 2 })), WAIT).toBe('Admins only');
    expect(await page.getByRole('heading', { name: 'Box tokens' }).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}portal-admin-member-${size}.png`, fullPage: true });
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
