/** @module The LiveRC connector's HTTP API, a Hono sub-app mounted under `/api/connectors/liverc/`: catalogue search for the admin's pickers, imports queued as jobs, imported results and laps. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { NatsConnection } from '@nats-io/transport-node';
import { createLogger, type Logger } from '../../../shared/log/index.ts';
import type { LiveRcIngestion } from '../ingestion/service.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { EventRecord } from '../store/records.ts';
import type { Door } from '../../accounts/door.ts';
import { badRequest, dayParam, flagParam, forbidden, idParam, intParam, notFound, renderError } from './errors.ts';
import { jobRoutes } from './job-routes.ts';

/** The typeahead returns at most this many tracks per keystroke. */
export const MAX_TRACK_LIMIT = 50;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** No route takes a body today; a small ceiling keeps a hostile one from being read at all. */
export const MAX_BODY_BYTES = 16 * 1024;

function catalogueRoutes(ingestion: LiveRcIngestion, door: Door): Hono {
  const app = new Hono();

  /** The whole LiveRC track catalogue read again (one request to live.liverc.com); admins only. */
  app.post('/tracks/sync', door.role('admin'), async (c) => c.json(await ingestion.syncTracks()));

  app.get('/tracks', (c) => {
    const q = c.req.query('q');
    if (q === undefined) throw badRequest('q is required: part of a track name or slug');
    const limit = intParam(c.req.query('limit'), 'limit', 1, MAX_TRACK_LIMIT, 20);
    return c.json({ q, tracks: ingestion.searchTracks(q, limit) });
  });

  app.get('/tracks/:slug/events', (c) => {
    const slug = c.req.param('slug');
    if (!SLUG.test(slug)) throw badRequest(`track slug ${JSON.stringify(slug)} must be lowercase letters, digits and "-"`);
    const from = dayParam(c.req.query('from'), 'from');
    const to = dayParam(c.req.query('to'), 'to');
    if (from > to) throw badRequest(`from (${from}) must not be after to (${to})`);
    if (!ingestion.index.track(slug)) throw notFound(`track ${slug} is not in the catalogue: sync the LiveRC track list first (mre tracks sync)`);
    // Held between: a multi-day event counts when any of its days falls in the range.
    return c.json({ track: slug, from, to, events: ingestion.eventsBetween(slug, from, to) });
  });

  /**
   * Reads the track's events list from LiveRC now (one polite request), for a track whose events
   * were never listed. A client that disconnects takes its refresh out of the queue with it.
   */
  app.post('/tracks/:slug/refresh', door.role('admin'), async (c) => {
    const slug = c.req.param('slug');
    if (!SLUG.test(slug)) throw badRequest(`track slug ${JSON.stringify(slug)} must be lowercase letters, digits and "-"`);
    return c.json(await ingestion.refreshEvents(slug, undefined, { signal: c.req.raw.signal }));
  });

  return app;
}

function eventRoutes(ingestion: LiveRcIngestion, queue: JobQueue, door: Door): Hono {
  const app = new Hono();

  app.get('/events/:id', async (c) => {
    const id = idParam(c.req.param('id'), 'event id');
    const detail = await ingestion.eventDetail(id);
    if (!detail) throw notFound(`event ${id} is not in the catalogue`);
    return c.json(detail);
  });

  app.get('/races/:id/laps', async (c) => {
    const id = idParam(c.req.param('id'), 'race id');
    const laps = await ingestion.raceLaps(id);
    if (!laps) throw notFound(`race ${id} has not been imported`);
    return c.json(laps);
  });

  /** The race in the one lap model (shared/contracts/lap-model.ts): what the portal's race view and charts read. */
  app.get('/races/:id/lap-model', async (c) => {
    const id = idParam(c.req.param('id'), 'race id');
    const race = await ingestion.raceLapModel(id);
    if (!race) throw notFound(`race ${id} has not been imported`);
    return c.json(race);
  });

  app.post('/events/:id/import', async (c) => {
    const id = idParam(c.req.param('id'), 'event id');
    const reingest = flagParam(c.req.query('reingest'), 'reingest');
    if (reingest && !door.isAdmin(c)) throw forbidden('only admins may import an event again (reingest=true)');
    // The store first: another node's worker may have imported it since this node's index last saw it.
    const event = (await ingestion.store.get<EventRecord>('events', id)) ?? ingestion.index.event(id);
    if (!event) throw notFound(`event ${id} is not in the catalogue: list its track's events first`);
    if (event.ingest_depth === 'laps_full' && !reingest) return c.json({ status: 'already_complete', event }, 200);
    const limited = door.memberImportRefusal(c);
    if (limited) return c.json({ error: limited.error, code: 'member_import_limit', retry_after_s: limited.retryAfterS }, 429, { 'Retry-After': String(limited.retryAfterS) });
    const { job, created } = await queue.submit(id, { reingest });
    if (created) door.countMemberImport(c);
    return c.json({ job, duplicate: !created }, 202);
  });

  return app;
}

export const LIVERC_API_PREFIX = '/api/connectors/liverc';

export interface LiveRcApiDeps {
  nc: NatsConnection;
  ingestion: LiveRcIngestion;
  queue: JobQueue;
  /** Every route needs a signed-in user; syncs and re-imports need an admin (cloud/accounts). */
  door: Door;
  log?: Logger;
}

export function createLiveRcApi(deps: LiveRcApiDeps): Hono {
  const log = deps.log ?? createLogger('cloud:liverc');
  const app = new Hono();
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: `request bodies here are at most ${MAX_BODY_BYTES} bytes` }, 413) }));
  app.use('*', deps.door.signedIn);
  app.route('/', catalogueRoutes(deps.ingestion, deps.door));
  app.route('/', eventRoutes(deps.ingestion, deps.queue, deps.door));
  app.route('/', jobRoutes(deps.nc, deps.queue));
  app.notFound((c) => c.json({ error: `no such LiveRC API route: ${c.req.method} ${c.req.path}` }, 404));
  app.onError(renderError(log));
  return app;
}
