/**
 * @module Headers that keep the box's pages from being framed or fed foreign script: X-Frame-Options and
 * a strict Content-Security-Policy on the pages (scoreboard, race control and the streaming overlay), a
 * script-free one on the results sheets, and a deny-all policy on everything else (JSON, assets), which no browser renders as a page.
 */
import type { MiddlewareHandler } from 'hono';

/**
 * The built apps load only their own hashed module scripts and stylesheets from /assets/ and talk to
 * /api/ and /ws/v1/live on the same host; the favicon is `data:,`. `'self'` covers ws: in CSP 3, but
 * browsers older than that need the ws:/wss: source spelled out, so the Host (already checked) is named.
 */
export function pagePolicy(host: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://${host} wss://${host}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const NOT_A_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'";

const PAGES = new Set(['/', '/control', '/control/', '/overlay', '/overlay/']);
const isPage = (path: string) => PAGES.has(path);
/** Results sheets are rendered on the box and run no script at all: their own stylesheet is all they load. */
const RESULTS_POLICY = "default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const isResultsPage = (path: string) => path === '/results' || path.startsWith('/results/');

function policy(path: string, html: boolean, host: string): string {
  if (!html) return NOT_A_PAGE_POLICY;
  if (isPage(path)) return pagePolicy(host);
  return isResultsPage(path) ? RESULTS_POLICY : NOT_A_PAGE_POLICY;
}

export function browserHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('X-Frame-Options', 'DENY');
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    const html = (headers.get('content-type') ?? '').startsWith('text/html');
    headers.set('Content-Security-Policy', policy(c.req.path, html, c.req.header('host') ?? ''));
  };
}
