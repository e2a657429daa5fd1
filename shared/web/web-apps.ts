/** @module Serves the built LAN web apps: scoreboard at `/`, race control at `/control/`, hashed assets cached for good. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

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
<p>This box serves the scoreboard and race control from <code>web/dist</code>, which does not exist yet.</p>
<p>Build them once in the checkout with <code>npm run build:web</code>, then reload this page.</p>
<p>The timing API keeps working meanwhile: <a href="/api/status">/api/status</a>.</p>
</body>
</html>
`;

export interface WebAppsOptions {
  /** The vite build output (holding `scoreboard/`, `control/` and `assets/`); made absolute, since a service's cwd is not the checkout. */
  distDir: string;
}

/**
 * Adds the page and asset routes to `app`. Only `/`, `/control`, `/control/` and `/assets/*`
 * are claimed, so `/api/*`, `/healthz` and `/ws/*` keep their own handlers whatever the order.
 */
export function mountWebApps(app: Hono, options: WebAppsOptions): void {
  const distDir = isAbsolute(options.distDir) ? options.distDir : resolve(options.distDir);

  const page = (name: 'scoreboard' | 'control') => async (c: Context) => {
    const file = join(distDir, name, 'index.html');
    let html: string;
    try {
      html = await readFile(file, 'utf8');
    } catch {
      // Checked per request, so a build made while the box runs is picked up without a restart.
      return c.html(NOT_BUILT, 503, { 'Cache-Control': 'no-store' });
    }
    return c.html(html, 200, { 'Cache-Control': PAGE_CACHE });
  };

  app.get('/', page('scoreboard'));
  app.get('/control', page('control'));
  app.get('/control/', page('control'));

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
