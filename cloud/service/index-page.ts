/** @module `GET /` on the cloud: the tracks it has results for, each linked to its live scoreboard, and what this process offers by role, as a small page (or JSON), until the portal takes the root. */
import type { Hono } from 'hono';
import { INGEST_BATCH_PATH } from '../../shared/contracts/ingest.ts';
import { createLogger, RateLimitedWarning } from '../../shared/log/index.ts';
import { trackBoardPath } from '../../shared/web/web-apps.ts';
import type { ListedTrack, TrackLister } from '../gateway/track-list.ts';

export interface Offer {
  role: string;
  method: 'GET' | 'POST' | 'WS';
  path: string;
  what: string;
  /** The path has a part to fill in (`<track_id>`): a pattern, not a URL that answers as printed. */
  pattern?: true;
}

/** Every path a role serves that a person may want to try; only roles running here are listed. */
const OFFERS: readonly Offer[] = [
  { role: 'ingest', method: 'POST', path: INGEST_BATCH_PATH, what: 'boxes send their envelope log here (bearer box token)' },
  { role: 'liverc', method: 'GET', path: '/api/connectors/liverc/tracks', what: 'LiveRC tracks known to the catalogue (?q= to search; signed in)' },
  { role: 'liverc', method: 'GET', path: '/portal/', what: 'the portal: sign in, find a LiveRC track, list its events between two dates, import one' },
  { role: 'liverc', method: 'POST', path: '/api/auth/login', what: 'portal sign-in: JSON name and password (users come from mre cloud user add)' },
  { role: 'gateway', method: 'GET', path: '/t/<track_id>/', what: 'the live scoreboard of one track, for a phone (?token= for a private track)', pattern: true },
  { role: 'gateway', method: 'WS', path: '/ws/v1/live?track_id=…', what: 'live results of one track, as on the box' },
];

export function offersFor(roles: readonly string[]): Offer[] {
  return [...OFFERS.filter((o) => roles.includes(o.role)), { role: 'all', method: 'GET', path: '/healthz', what: 'health of this process and its NATS connection' }];
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

const when = (us: number) => new Date(us / 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

function trackRows(tracks: readonly ListedTrack[]): string {
  if (tracks.length === 0) return '<p>No track has sent results yet.</p>';
  const rows = tracks.map((t) => `<li><a href="${escape(trackBoardPath(t.track_id))}">${escape(t.track_id)}</a> <span class="${t.status}">${t.status}</span>${t.private ? ' <span class="private">private: viewer token needed</span>' : ''} <small>last activity ${escape(when(t.last_activity_us))}</small></li>`);
  return `<ul class="tracks">${rows.join('')}</ul>`;
}

const STYLE =
  'body{font:16px system-ui,sans-serif;margin:1rem;max-width:60rem}table{border-collapse:collapse;width:100%}td{border-bottom:1px solid #ccc;padding:.4rem;vertical-align:top}code{word-break:break-all}' +
  '.tracks{list-style:none;padding:0}.tracks li{padding:.6rem 0;border-bottom:1px solid #ccc;font-size:1.15rem}.tracks a{font-weight:600}.live{color:#0a7d2c}.idle{color:#666}.private{color:#8a4b00}small{color:#666;margin-left:.5rem}';

/** `tracks` lists the tracks with results when the gateway runs here; the page stays up when it fails. */
export function mountIndex(app: Hono, roles: readonly string[], tracks?: TrackLister): void {
  const failed = new RateLimitedWarning(createLogger('cloud'), 'the index could not list the tracks');
  app.get('/', async (c) => {
    const offers = offersFor(roles);
    let listed: ListedTrack[] | null = null;
    let problem: string | null = null;
    if (tracks) {
      try {
        listed = await tracks();
      } catch (error) {
        problem = (error as Error).message;
        failed.add({ error: problem });
      }
    }
    if ((c.req.header('accept') ?? '').includes('application/json')) {
      return c.json({ name: 'MRE Trackside cloud', roles, offers, ...(tracks ? { tracks: (listed ?? []).map((t) => ({ ...t, board: trackBoardPath(t.track_id) })) } : {}), ...(problem ? { tracks_error: problem } : {}) });
    }
    const rows = offers.map((o) => `<tr><td>${o.method}</td><td><code>${escape(o.path)}</code></td><td>${escape(o.what)}</td><td>${escape(o.role)}</td></tr>`).join('');
    const trackSection = tracks ? `<h2>Tracks</h2>${problem ? `<p>The track list cannot be read right now (${escape(problem)}).</p>` : trackRows(listed ?? [])}` : '';
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>MRE Trackside cloud</title>` +
        `<style>${STYLE}</style></head>` +
        `<body><h1>MRE Trackside cloud</h1>${trackSection}<h2>What this process offers</h2><p>Roles in this process: ${escape(roles.join(', '))}.</p><table>${rows}</table></body></html>`,
    );
  });
}
