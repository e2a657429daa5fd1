/** @module The admin console's Driver links section in headless Chromium at phone and desktop size, against a test cloud on a real nats-server: links to review with their evidence, a conflict boxed with both members, Confirm, Reject asked once more in the row, the rejected link listed under Rejected, and axe's WCAG 2.1 AA rules passed with cards shown. */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MatchDriver } from '../../../cloud/liverc/matching/index.ts';
import type { CloudService } from '../../../cloud/service/cloud-service.ts';
import { useCleanups } from '../../harness/index.ts';
import { axeViolations } from '../../support/axe.ts';
import { startAdminCloud } from '../../support/admin-cloud.ts';
import { startServers, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
import { text, texts, useBrowser, WAIT } from '../../web/box.ts';
import { portalPage, SHOTS, SIZES, signInAt, type Size } from './portal-browser.ts';

const PASSWORD = 'correct horse battery';
const DIR = `${SHOTS}driver-links/`;
/** Per size its own members, drivers and event, so one size's decisions do not change the other's. */
const PEOPLE = {
  phone: { event: '9101', clear: ['ann', 'Ann Lee', 'LEE, ANN', '4411'], rivals: ['ben', 'bert', 'Ben Hall', 'BEN HALL'] },
  desktop: { event: '9102', clear: ['cara', 'Cara Diaz', 'DIAZ, CARA', '5511'], rivals: ['dan', 'dave', 'Dan Fox', 'DAN FOX'] },
} as const;

const defer = useCleanups();
const browser = useBrowser();
let servers: Servers;
let cloud: CloudService;

const row = (driver_key: string, display_name: string, transponder: string | null = null): MatchDriver => ({ driver_key, source_driver_id: driver_key.slice(1), display_name, transponder });

beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  servers = await startServers();
  cloud = await startAdminCloud(servers);
  const { matching, ingestion } = cloud.liverc!.runtime;
  for (const [size, p] of Object.entries(PEOPLE)) {
    await cloud.liverc!.accounts.store.create({ name: `chief-${size}`, role: 'admin', password: PASSWORD });
    const [clearId, clearName, clearPrinted, transponder] = p.clear;
    const [rival1, rival2, rivalName, rivalPrinted] = p.rivals;
    await matching!.users.putUser({ user_id: clearId, name: clearName, transponders: [transponder] });
    await matching!.users.putUser({ user_id: rival1, name: rivalName });
    await matching!.users.putUser({ user_id: rival2, name: rivalName });
    const drivers = [row(`d${p.event}1`, clearPrinted, transponder), row(`d${p.event}2`, rivalPrinted)];
    await ingestion.store.upsert('events', p.event, { source: 'liverc', source_event_id: p.event, track_slug: 'test-track', name: `Club Night ${size}`, date_start: '2026-02-14', date_end: '2026-02-14' });
    for (const d of drivers) await ingestion.store.upsert('drivers', d.driver_key, { source: 'liverc', driver_key: d.driver_key, source_driver_id: d.source_driver_id, display_name: d.display_name, normalized_name: '', transponders: [] });
    await matching!.matchEvent({ event_id: p.event, drivers });
  }
}, 90_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

const section = (page: Page) => page.locator('section', { has: page.getByRole('heading', { name: 'Driver links', exact: true }) });

describe.each(Object.keys(SIZES) as Size[])('driver links at %s size', (size) => {
  test(`driver links (${size}) - evidence shown, a conflict boxed with both members, confirm, reject asked once more, rejected listed`, async () => {
    const { page, problems } = await portalPage(browser(), cloud.url, size, defer);
    await signInAt(page, `${cloud.url}/portal/admin/`, `chief-${size}`, PASSWORD);
    const links = section(page);
    const p = PEOPLE[size];
    const clear = links.getByRole('article', { name: `${p.clear[1]} as ${p.clear[2]}` });
    await expect.poll(text(clear), WAIT).toContain(`transponder ${p.clear[3]}`);
    expect(await text(clear)()).toContain(`Club Night ${size}`);
    expect(await text(clear)()).toContain('2026-02-14');
    const group = links.locator('.conflict-group', { hasText: p.rivals[3] });
    await expect.poll(texts(group.getByRole('article')), WAIT).toHaveLength(2);
    expect(await text(group.locator('.conflict-title'))()).toBe(`2 members claim ${p.rivals[3]}: confirm one, reject the others.`);
    await links.screenshot({ path: `${DIR}driver-links-review-${size}.png` });
    await page.screenshot({ path: `${DIR}driver-links-page-${size}.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await clear.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(text(links.locator('.status')), WAIT).toBe(`${p.clear[1]} is ${p.clear[2]}: confirmed.`);
    await expect.poll(() => clear.count(), WAIT).toBe(0);

    const rejected = links.getByRole('article', { name: `${p.rivals[2]} as ${p.rivals[3]}` }).filter({ hasText: `(${p.rivals[1]})` });
    await rejected.getByRole('button', { name: 'Reject' }).click();
    const ask = rejected.getByRole('group', { name: `${p.rivals[2]} is not ${p.rivals[3]}?` });
    await ask.screenshot({ path: `${DIR}driver-links-reject-asked-${size}.png` });
    await ask.getByRole('button', { name: 'Yes, reject' }).click();
    await expect.poll(text(links.locator('.status')), WAIT).toBe(`${p.rivals[2]} is not ${p.rivals[3]}: rejected.`);
    await expect.poll(() => rejected.count(), WAIT).toBe(0);

    await links.getByLabel('Show').selectOption('rejected');
    await expect.poll(texts(links.getByRole('article')), WAIT).toContainEqual(expect.stringContaining(`(${p.rivals[1]})`));
    await links.screenshot({ path: `${DIR}driver-links-rejected-${size}.png` });
    expect(problems).toEqual([]);
  });
});
