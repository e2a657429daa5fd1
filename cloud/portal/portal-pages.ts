/**
 * @module The portal's pages in the cloud: `/portal/` serves web/dist's portal app (sign-in, track
 * search, events, imports), `/portal/admin/` its admin console, each sent on to from the path
 * without the slash; `/assets/*` serves their bundles. The pages
 * carry a strict Content-Security-Policy: own scripts, styles and API only, never framed.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { absolute, mountAssets, page, type WebAppsOptions } from '../../shared/web/web-apps.ts';

export const PORTAL_PATH = '/portal/';
export const PORTAL_ADMIN_PATH = '/portal/admin/';

/** The portal talks to `/api/*` on its own host (fetch and the job's event stream) and loads nothing from elsewhere. */
export const PORTAL_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const pageHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('Content-Security-Policy', PORTAL_POLICY);
  c.res.headers.set('X-Frame-Options', 'DENY');
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
  c.res.headers.set('Referrer-Policy', 'no-referrer');
};

export function mountPortalPages(app: Hono, options: WebAppsOptions): void {
  const distDir = absolute(options.distDir);
  app.get(PORTAL_PATH, pageHeaders, page(distDir, 'portal'));
  app.get('/portal', (c) => c.redirect(PORTAL_PATH, 301));
  // The console's page is public like the portal's: its API routes are what only admins may use.
  app.get(PORTAL_ADMIN_PATH, pageHeaders, page(distDir, 'portal-admin'));
  app.get('/portal/admin', (c) => c.redirect(PORTAL_ADMIN_PATH, 301));
  mountAssets(app, distDir);
}
