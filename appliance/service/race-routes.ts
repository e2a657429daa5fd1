/** @module Race HTTP API: events, races, standings (live ones from the engine, archived ones from the engine store), and POST /api/control/<intent> behind the operator token. */
import type { Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { TOKEN_PATTERN } from '../../shared/contracts/index.ts';
import type { RaceEngine } from '../../shared/race/index.ts';
import { IntentRefused, type ControlDesk } from '../race/control-desk.ts';
import type { RaceHost } from '../race/race-host.ts';
import { BodyTooLarge, bodyTooLargeResponse, readBodyText } from './guards/body-limit.ts';
import { clientAddress } from './guards/client-address.ts';
import { PinGuard, type PinGuardLimits } from './guards/pin-guard.ts';
import { mountMeetingRoutes } from './meeting-routes.ts';

/**
 * Body ceilings, from the caps in shared/contracts/control.ts: the largest event.setup the caps allow
 * (every list full, every text at its limit in three-byte UTF-8) is 1.03 MiB of JSON; every other
 * intent is under 30 KiB at its caps.
 */
export const EVENT_SETUP_BODY_BYTES = 1536 * 1024;
export const INTENT_BODY_BYTES = 64 * 1024;

export interface RaceRouteDeps {
  engine: RaceEngine;
  /** Where events that left the live state are read from. */
  archive: RaceHost['archive'];
  desk: ControlDesk;
  /** The operator PIN or token every control request must carry. */
  token: string;
  /** Wrong-PIN limits; the defaults suit a track (guards/pin-guard.ts). */
  pinLimits?: Partial<PinGuardLimits>;
}

function bearer(header: string | undefined): string | undefined {
  return header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
}

/** The PIN check; a 429 carries Retry-After and when to try again, for race control to show. */
function refusedPin(c: Context, pins: PinGuard): Response | null {
  const verdict = pins.check(clientAddress(c), bearer(c.req.header('authorization')));
  if (verdict.ok) return null;
  if (verdict.status === 401) return c.json({ error: verdict.error }, 401);
  c.header('Retry-After', String(verdict.retryAfterS));
  return c.json({ error: verdict.error, retry_after_s: verdict.retryAfterS, retry_at: verdict.retryAt, locked: verdict.scope }, 429);
}

function optionalToken(value: string | undefined, what: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!TOKEN_PATTERN.test(value)) throw new HTTPException(400, { message: `${what} ${JSON.stringify(value)} is not a valid id` });
  return value;
}

export function mountRaceRoutes(app: Hono, deps: RaceRouteDeps): void {
  const { engine, desk, archive } = deps;
  const pins = new PinGuard(deps.token, deps.pinLimits);

  app.get('/api/events', async (c) => {
    const archived = (await archive.archivedEvents()).sort((a, b) => b.last_activity_us - a.last_activity_us);
    return c.json({ events: engine.events(), archived, current_event_id: engine.currentEventId() });
  });
  app.get('/api/events/:id', async (c) => {
    const id = c.req.param('id');
    const live = engine.event(id);
    if (live) return c.json({ event: live, archived: false });
    const archived = await archive.archivedEvent(id);
    if (!archived) throw new HTTPException(404, { message: `no event ${id}` });
    return c.json({ event: archived.event, archived: true, last_activity_us: archived.last_activity_us, archived_at_us: archived.archived_at_us });
  });

  app.get('/api/races', async (c) => {
    const eventId = optionalToken(c.req.query('event_id'), 'event_id');
    if (eventId && !engine.event(eventId)) {
      const archived = await archive.archivedEvent(eventId);
      if (archived) return c.json({ races: archived.races });
    }
    return c.json({ races: engine.races(eventId ? { eventId } : {}) });
  });
  app.get('/api/races/:id', async (c) => {
    const id = c.req.param('id');
    const race = engine.race(id) ?? (await archive.archivedRace(id));
    if (!race) throw new HTTPException(404, { message: `no race ${id}` });
    return c.json(race);
  });

  mountMeetingRoutes(app, engine, archive);

  app.get('/api/standings', async (c) => {
    const eventId = optionalToken(c.req.query('event_id'), 'event_id') ?? engine.currentEventId();
    if (!eventId) return c.json({ standings: [] });
    const classId = optionalToken(c.req.query('class_id'), 'class_id');
    if (!engine.event(eventId)) {
      const archived = await archive.archivedEvent(eventId);
      if (archived) return c.json({ standings: archived.standings.filter((s) => classId === undefined || s.class_id === classId) });
    }
    return c.json({ standings: engine.standings(eventId, classId) });
  });

  // Race control checks a PIN as it is typed, under the same limits as an intent, with nothing logged.
  app.get('/api/control', (c) => refusedPin(c, pins) ?? c.json({ ok: true }));

  app.post('/api/control/:intent', async (c) => {
    const refused = refusedPin(c, pins);
    if (refused) return refused;
    let text: string;
    try {
      text = await readBodyText(c, c.req.param('intent') === 'event.setup' ? EVENT_SETUP_BODY_BYTES : INTENT_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) return bodyTooLargeResponse(c, error);
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch (error) {
      return c.json({ error: `request body is not valid JSON: ${(error as Error).message}` }, 400);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return c.json({ error: 'request body must be a JSON object of the intent\'s arguments' }, 400);
    const { by, ...args } = body as Record<string, unknown>;
    if (by !== undefined && (typeof by !== 'string' || by.trim() === '' || by.length > 60)) {
      return c.json({ error: 'by must be the operator\'s name (1-60 characters)', issues: [{ path: 'by', message: 'expected 1-60 characters' }] }, 400);
    }
    try {
      return c.json(await desk.submit(c.req.param('intent'), args, typeof by === 'string' ? by.trim() : 'operator'));
    } catch (error) {
      if (!(error instanceof IntentRefused)) throw error;
      return c.json({ error: error.message, ...(error.issues.length > 0 ? { issues: error.issues } : {}) }, error.status);
    }
  });
}
