/**
 * @module The portal's routes over races timed by our boxes, from the projection's one-lap-model
 * records in `mre_read_models`: the box events (newest first), an event's races in the shape the
 * portal's event view reads for LiveRC, and a race as `LapModelRace`. Behind the accounts door:
 * a session or an admin's API token.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { Hono } from 'hono';
import { createLogger, type Logger } from '../../shared/log/index.ts';
import type { LapEvent } from '../../shared/contracts/lap-model.ts';
import type { RaceSummary } from '../../shared/contracts/race-summary.ts';
import type { Door } from '../accounts/door.ts';
import { openProvisionedBucket, reopening } from '../ingest/open-bucket.ts';
import { notFound, renderError, tokenParam as token } from '../liverc/api/errors.ts';
import { readBoxLapEvent, readBoxLapRace } from '../projection/lap-model-read.ts';

export const PORTAL_BOX_PREFIX = '/api/portal/box';
/** Box events listed at most: a club's seasons of race days; the oldest beyond it are not listed. */
export const BOX_EVENTS_LISTED = 500;
const LAP_EVENTS = 'lapmodel.*.event.*';

export function boxRaceRoutes(deps: { nc: NatsConnection; door: Door; log?: Logger }): Hono {
  const log = deps.log ?? createLogger('cloud:portal');
  const kv = reopening(() => openProvisionedBucket(deps.nc, 'readModels'));
  const app = new Hono();
  app.use('*', deps.door.signedIn);

  app.get('/events', async (c) => {
    const bucket = await kv();
    // A key written while the listing runs can be listed twice.
    const keys = new Set<string>();
    for await (const key of await bucket.keys(LAP_EVENTS)) {
      keys.add(key);
      if (keys.size >= BOX_EVENTS_LISTED) break;
    }
    const events = (await Promise.all([...keys].map(async (key) => (await bucket.get(key))?.json<LapEvent>()))).filter((e): e is LapEvent => e !== undefined && e !== null && typeof e.event_id === 'string');
    events.sort((a, b) => (b.date_start ?? '').localeCompare(a.date_start ?? '') || a.track_id.localeCompare(b.track_id) || a.event_id.localeCompare(b.event_id));
    return c.json({ events, limit: BOX_EVENTS_LISTED });
  });

  app.get('/tracks/:track/events/:event', async (c) => {
    const track = token(c.req.param('track'), 'track id');
    const eventId = token(c.req.param('event'), 'event id');
    const found = await readBoxLapEvent(await kv(), track, eventId);
    if (!found) throw notFound(`track ${track} has no timed event ${eventId}`);
    const races: RaceSummary[] = found.races.map((r, order) => ({
      source_race_id: r.race.race_id,
      label: r.race.name,
      class_name: r.race.class_name ?? 'All classes',
      // The engine numbers rounds; LiveRC names them ("Qualifier Round 1"): a bare number reads as a round.
      round: r.race.round !== null && /^\d+$/.test(r.race.round) ? `Round ${r.race.round}` : r.race.round,
      completed_at: r.race.completed_at,
      order,
      results: r.results.map((x) => ({ driver_name: x.driver_name })),
    }));
    return c.json({ event: found.event, races });
  });

  app.get('/tracks/:track/events/:event/races/:race/lap-model', async (c) => {
    const track = token(c.req.param('track'), 'track id');
    const eventId = token(c.req.param('event'), 'event id');
    const raceId = token(c.req.param('race'), 'race id');
    const race = await readBoxLapRace(await kv(), track, eventId, raceId);
    if (!race) throw notFound(`track ${track} has no timed race ${raceId} in event ${eventId}`);
    return c.json(race);
  });

  app.notFound((c) => c.json({ error: `no such portal route: ${c.req.method} ${c.req.path}` }, 404));
  app.onError(renderError(log));
  return app;
}
