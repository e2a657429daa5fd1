/** @module A real appliance for browser tests: started in process on the simulator, race control over HTTP, the built web apps, a phone page. */
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { startAppliance, type RunningAppliance } from '../../appliance/service/appliance.ts';
import { loadConfig } from '../../appliance/service/config.ts';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, makeTempDir, phoneContext, removeTempDir } from '../harness/index.ts';

export const TOKEN = '246810';

/** A BMX club day of one class and four riders, whose transponders the simulator's bmx-motos scenario races. */
export const BMX_CLUB_DAY = {
  event_id: 'club-day',
  name: 'Club day',
  classes: [{ class_id: 'boys-13', name: 'Boys 13', format: 'bmx' }],
  riders: [1, 2, 3, 4].map((i) => ({ rider_id: `r${i}`, name: `Rider ${i}`, plate: String(10 + i), class_id: 'boys-13', transponders: [201_000_000 + i] })),
};

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const DIST = `${WEB}dist`;

export interface BoxOptions {
  scenario: 'bmx-motos' | 'rc-practice';
  dataDir: string;
  port?: number;
  /** `min,max` seconds from gate to finish for a staged BMX field. */
  raceSeconds?: string;
  /** `min,max` seconds per lap for staged RC cars. */
  lapSeconds?: string;
  /** `min,max` seconds from staging to each RC car's first crossing. */
  firstCrossingSeconds?: string;
  /** More MRE_* settings, such as a cloud sync. */
  env?: NodeJS.ProcessEnv;
}

/** The appliance as `mre appliance start` runs it, on loopback, with the built-in simulator as decoder. */
export function startBox(options: BoxOptions): Promise<RunningAppliance> {
  const env: NodeJS.ProcessEnv = {
    MRE_DATA_DIR: options.dataDir,
    MRE_HTTP_HOST: '127.0.0.1',
    MRE_HTTP_PORT: String(options.port ?? 0),
    MRE_DECODER_SOURCE: 'simulator',
    MRE_SIMULATOR_SCENARIO: options.scenario,
    MRE_CONTROL_TOKEN: TOKEN,
    ...(options.raceSeconds ? { MRE_SIMULATOR_RACE_SECONDS: options.raceSeconds } : {}),
    ...(options.lapSeconds ? { MRE_SIMULATOR_LAP_SECONDS: options.lapSeconds } : {}),
    ...(options.firstCrossingSeconds ? { MRE_SIMULATOR_FIRST_CROSSING_SECONDS: options.firstCrossingSeconds } : {}),
    ...options.env,
  };
  return startAppliance(loadConfig(undefined, env));
}

/** Posts one race-control intent; anything but 200 fails the test with the box's answer. */
export async function control(box: RunningAppliance, intent: string, args: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${box.url}/api/control/${intent}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...args, by: 'test' }),
  });
  if (response.status !== 200) throw new Error(`${intent} answered ${response.status}: ${await response.text()}`);
}

/**
 * The box serves web/dist, which `npm test` builds first. A run of these files alone builds
 * it when missing; into a side folder renamed into place, so two files building at once
 * cannot see half a build.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (['scoreboard', 'control', 'overlay'].every((app) => existsSync(`${DIST}/${app}/index.html`))) return;
  const { build } = await import('vite');
  const side = `${WEB}dist-${process.pid}-${Date.now()}`;
  try {
    await build({ configFile: `${WEB}vite.config.ts`, logLevel: 'warn', build: { outDir: side, emptyOutDir: true } });
    await rename(side, DIST).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await removeTempDir(side);
  }
}

/** A fresh temp data directory, removed by `defer`. */
export async function dataDir(defer: (fn: () => unknown) => void): Promise<string> {
  const dir = await makeTempDir('web-box');
  defer(() => removeTempDir(dir));
  return dir;
}

/** A page in a phone-sized context that collects script errors and requests to anywhere but the box. */
export async function phonePage(browser: Browser, defer: (fn: () => unknown) => void): Promise<{ page: Page; problems: string[] }> {
  const context = await phoneContext(browser);
  defer(() => context.close());
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // The LAN has no internet: a request anywhere but the box is a bug.
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('http://127.0.0.1') && !url.startsWith('ws://127.0.0.1') && !url.startsWith('data:')) problems.push(`external request: ${url}`);
  });
  return { page, problems };
}

/** The texts of every match, read now: for `expect.poll`, which retries until they are right. */
export const texts = (locator: Locator) => () => locator.allInnerTexts().then((all) => all.map((t) => t.trim()));
export const text = (locator: Locator) => () => locator.first().innerText().then((t) => t.trim()).catch(() => '');

/** A built web app and one headless Chromium per suite; `browser()` is valid inside tests. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureWebBuilt();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running: useBrowser() must be called at the top of the suite');
    return browser;
  };
}

/** Playwright expect.poll settings for a live race: generous, since races take real seconds. */
export const WAIT = { timeout: 60_000, interval: 200 };
