/**
 * @module The portal's drivers' history routes (`/api/portal`): one driver's events, newest first, at
 * every track or one, and the signed-in member's own history across the drivers driver matching
 * linked to them (confirmed and suggested). Behind the accounts door: a session or an admin's API token.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { Hono } from 'hono';
import { newestFirst, type HistoryRow } from '../../shared/contracts/driver-history.ts';
import { createLogger, type Logger } from '../../shared/log/index.ts';
import { principalOf, type Door } from '../accounts/door.ts';
import { ApiError, badRequest, renderError, tokenParam as token } from '../liverc/api/errors.ts';
import { reopening } from '../ingest/open-bucket.ts';
import { ProvisionError } from '../ingest/provision-error.ts';
import type { DriverMatching } from '../liverc/matching/index.ts';
import { HISTORY_EVENTS, HistoryStore } from './history-store.ts';
import { matchingUserId } from './member-sync.ts';

export const PORTAL_API_PREFIX = '/api/portal';
const SOURCES = new Set(['box', 'liverc']);
/** A member linked to more drivers than this has the first ones read. */
export const MAX_LINKED_DRIVERS = 20;

const nameOf = (rows: readonly HistoryRow[], fallback: string) => rows[0]?.driver_name ?? fallback;

export function historyRoutes(deps: { nc: NatsConnection; door: Door; matching: DriverMatching | null; log?: Logger }): Hono {
  const log = deps.log ?? createLogger('cloud:portal');
  const history = reopening(() =>
    HistoryStore.open(deps.nc).catch((error: unknown) => {
      throw error instanceof ProvisionError ? new ApiError(503, `drivers' history is not kept on this cloud yet: ${error.message}`) : error;
    }),
  );
  const app = new Hono();
  app.use('*', deps.door.signedIn);

  app.get('/drivers/history', async (c) => {
    const source = c.req.query('source');
    if (source === undefined || !SOURCES.has(source)) throw badRequest(`source must be box or liverc: got ${JSON.stringify(source ?? null)}`);
    const driverKey = token(c.req.query('driver_key'), 'driver_key');
    const trackId = c.req.query('track_id');
    const events = await (await history()).read(source, driverKey, trackId === undefined ? undefined : token(trackId, 'track_id'));
    return c.json({ driver: { source, driver_key: driverKey, name: nameOf(events, driverKey) }, events });
  });

  app.get('/me/history', async (c) => {
    const user = principalOf(c)!.user;
    const links = deps.matching ? (await deps.matching.linksForUser(matchingUserId(user.name))).user_driver_links.filter((l) => l.status === 'confirmed' || l.status === 'suggested').slice(0, MAX_LINKED_DRIVERS) : [];
    const store = await history();
    // Box riders are the member's by transponder: a rider who finished a box race with one of the account's transponders.
    const riders = await store.boxRiders(user.transponders, MAX_LINKED_DRIVERS);
    const linked = [...links.map((l) => ({ source: 'liverc', driver_key: l.driver_key, status: l.status })), ...riders.map((r) => ({ source: 'box', driver_key: r, status: 'transponder' }))];
    const read = await Promise.all(linked.map(async (l) => ({ link: l, rows: await store.read(l.source, l.driver_key) })));
    const events = read.flatMap((r) => r.rows).sort(newestFirst).slice(0, HISTORY_EVENTS);
    return c.json({
      user: { name: user.name, display_name: user.display_name },
      matching: deps.matching !== null,
      drivers: read.map(({ link, rows }) => ({ ...link, name: nameOf(rows, link.driver_key) })),
      events,
    });
  });

  app.notFound((c) => c.json({ error: `no such portal route: ${c.req.method} ${c.req.path}` }, 404));
  app.onError(renderError(log));
  return app;
}
