/** @module `GET /` on the cloud: what this process offers, by role, as a small page (or JSON), until the portal takes the root. */
import type { Hono } from 'hono';
import { INGEST_BATCH_PATH } from '../../shared/contracts/ingest.ts';

export interface Offer {
  role: string;
  method: 'GET' | 'POST' | 'WS';
  path: string;
  what: string;
}

/** Every path a role serves that a person may want to try; only roles running here are listed. */
const OFFERS: readonly Offer[] = [
  { role: 'ingest', method: 'POST', path: INGEST_BATCH_PATH, what: 'boxes send their envelope log here (bearer box token)' },
  { role: 'liverc', method: 'GET', path: '/api/connectors/liverc/tracks', what: 'LiveRC tracks known to the catalogue (?q= to search)' },
  { role: 'gateway', method: 'WS', path: '/ws/v1/live?track_id=…', what: 'live results of one track, as on the box' },
];

export function offersFor(roles: readonly string[]): Offer[] {
  return [...OFFERS.filter((o) => roles.includes(o.role)), { role: 'all', method: 'GET', path: '/healthz', what: 'health of this process and its NATS connection' }];
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function mountIndex(app: Hono, roles: readonly string[]): void {
  app.get('/', (c) => {
    const offers = offersFor(roles);
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json({ name: 'MRE Trackside cloud', roles, offers });
    const rows = offers.map((o) => `<tr><td>${o.method}</td><td><code>${escape(o.path)}</code></td><td>${escape(o.what)}</td><td>${escape(o.role)}</td></tr>`).join('');
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>MRE Trackside cloud</title>` +
        `<style>body{font:16px system-ui,sans-serif;margin:1rem;max-width:60rem}table{border-collapse:collapse;width:100%}td{border-bottom:1px solid #ccc;padding:.4rem;vertical-align:top}code{word-break:break-all}</style></head>` +
        `<body><h1>MRE Trackside cloud</h1><p>Roles in this process: ${escape(roles.join(', '))}.</p><table>${rows}</table></body></html>`,
    );
  });
}
