/** @module Serves the built web apps: on the box the scoreboard at `/`, race control at `/control/` and the streaming overlay at `/overlay/`; in the cloud the same scoreboard per track at `/t/<track_id>/`; hashed assets cached for good. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { TOKEN_PATTERN } from '../contracts/tokens.ts';

/** `web/dist` of this checkout, where `npm run build:web` writes. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const IMMUTABLE = 'public, max-age=31536000, immutable';
// Pages must be re-read after an update, because they name the new hashed assets.
const PAGE_CACHE = 'no-cache';

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Web apps not built</title></head>
<body style="font-family: system-ui, sans-serif; font-size: 20px; margin: 24px; line-height: 1.4">
<h1>The web apps are not built</h1>
<p>This server serves the scoreboard and race control from <code>web/dist</code>, which does not exist yet.</p>
<p>Build them once in the checkout with <code>npm run build:web</code>, then reload this page.</p>
<p>The timing API and the live feed keep working meanwhile.</p>
</body>
</html>
`;

export interface WebAppsOptions {
  /** The vite build output (holding `scoreboard/`, `control/` and `assets/`); made absolute, since a service's cwd is not the checkout. */
  distDir: string;
}

export type AppName = 'scoreboard' | 'control' | 'overlay' | 'portal' | 'portal-admin';

/** A page handler: the app's index.html, read per request so a build made while the server runs is picked up without a restart. */
export function page(distDir: string, name: AppName) {
  return async (c: Context) => {
    let html: string;
    try {
      html = await readFile(join(distDir, name, 'index.html'), 'utf8');
    } catch {
      return c.html(NOT_BUILT, 503, { 'Cache-Control': 'no-store' });
    }
    return c.html(html, 200, { 'Cache-Control': PAGE_CACHE });
  };
}

const withAssets = new WeakSet<Hono>();

/** `/assets/*`: the hashed bundles every page names by absolute path; once per app, however many page sets are mounted. */
export function mountAssets(app: Hono, distDir: string): void {
  if (withAssets.has(app)) return;
  withAssets.add(app);
  // serveStatic complains at creation when its root is missing, so it is made once the build exists.
  let assets: MiddlewareHandler | undefined;
  app.get('/assets/*', async (c, next) => {
    if (!assets) {
      if (!existsSync(join(distDir, 'assets'))) return next();
      assets = serveStatic({ root: distDir });
    }
    const res = await assets(c, next);
    // Set on the found file only: a 404 that falls through must not be cached for a year.
    if (res instanceof Response && res.ok) res.headers.set('Cache-Control', IMMUTABLE);
    return res;
  });
}

const isTrackId = (id: string) => TOKEN_PATTERN.test(id);

export const absolute = (distDir: string) => (isAbsolute(distDir) ? distDir : resolve(distDir));

/**
 * Adds the page and asset routes to `app`. Only `/`, `/control`, `/control/`, `/overlay`, `/overlay/` and `/assets/*`
 * are claimed, so `/api/*`, `/healthz` and `/ws/*` keep their own handlers whatever the order.
 */
export function mountWebApps(app: Hono, options: WebAppsOptions): void {
  const distDir = absolute(options.distDir);
  app.get('/', page(distDir, 'scoreboard'));
  app.get('/control', page(distDir, 'control'));
  app.get('/control/', page(distDir, 'control'));
  app.get('/overlay', page(distDir, 'overlay'));
  app.get('/overlay/', page(distDir, 'overlay'));
  mountAssets(app, distDir);
}

/** The path of one track's scoreboard in the cloud. */
export const trackBoardPath = (trackId: string) => `/t/${encodeURIComponent(trackId)}/`;

/**
 * The box's scoreboard once per track: `/t/<track_id>/` (the page reads the track from its own
 * address and watches it through `/ws/v1/live`), `/t/<track_id>` sent on to it, and `/assets/*`.
 * An id that is not a track id is a 404 here, as the live feed would refuse it anyway.
 */
export function mountTrackBoards(app: Hono, options: WebAppsOptions): void {
  const distDir = absolute(options.distDir);
  const scoreboard = page(distDir, 'scoreboard');
  const notTrack = (c: Context) => c.json({ error: `${JSON.stringify(c.req.param('track_id'))} is not a track id (lowercase letters, digits, _ and -)` }, 404);
  app.get('/t/:track_id/', (c) => (isTrackId(c.req.param('track_id')) ? scoreboard(c) : notTrack(c)));
  app.get('/t/:track_id', (c) => {
    const id = c.req.param('track_id');
    if (!isTrackId(id)) return notTrack(c);
    const query = new URL(c.req.url).search;
    return c.redirect(`${trackBoardPath(id)}${query}`, 301);
  });
  mountAssets(app, distDir);
}
