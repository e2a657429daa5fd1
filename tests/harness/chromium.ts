/** @module Headless system Chromium via playwright-core, a phone-sized context, and a place for screenshots. */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type LaunchOptions } from 'playwright-core';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const CHROMIUM_ARGS = [
  // Tests run as root in containers, where Chromium refuses to start sandboxed.
  '--no-sandbox',
  '--disable-gpu',
  // The remaining flags stop Chromium phoning home on a network that is closed to it.
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Container /dev/shm is often 64 MB, which crashes renderers on large pages.
  '--disable-dev-shm-usage',
];

/** Launches headless Chromium from $CHROMIUM_PATH or /usr/bin/chromium; `opts.args` are added to the harness flags. */
export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  const executablePath = opts.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found at ${executablePath} (install the Debian package chromium, or set CHROMIUM_PATH)`,
    );
  }
  return chromium.launch({
    ...opts,
    executablePath,
    headless: opts.headless ?? true,
    args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
  });
}

/** A context sized and behaving like a modern phone (390x844 CSS px, 2x, touch), as trackside staff use. */
export function phoneContext(browser: Browser, opts: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    ...opts,
  });
}

/** Path for a test artifact such as a screenshot, under <repo>/test-artifacts/ (created if missing). */
export function artifactPath(name: string): string {
  if (!name || basename(name) !== name) {
    throw new Error(`artifact name must be a plain file name, got ${JSON.stringify(name)}`);
  }
  const dir = join(REPO_ROOT, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
