/** @module Race HTTP API: events, races, standings, and POST /api/control/<intent> behind the operator token. */
import { timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { TOKEN_PATTERN } from '../../shared/contracts/index.ts';
import type { RaceEngine } from '../../shared/race/index.ts';
import { IntentRefused, type ControlDesk } from '../race/control-desk.ts';

export interface RaceRouteDeps {
  engine: RaceEngine;
  desk: ControlDesk;
  /** The operator PIN or token every control request must carry. */
  token: string;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function optionalToken(value: string | undefined, what: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!TOKEN_PATTERN.test(value)) throw new HTTPException(400, { message: `${what} ${JSON.stringify(value)} is not a valid id` });
  return value;
}

export function mountRaceRoutes(app: Hono, deps: RaceRouteDeps): void {
  const { engine, desk } = deps;

  app.get('/api/events', (c) => c.json({ events: engine.events() }));
  app.get('/api/events/:id', (c) => {
    const event = engine.event(c.req.param('id'));
    if (!event) throw new HTTPException(404, { message: `no event ${c.req.param('id')}` });
    return c.json({ event });
  });

  app.get('/api/races', (c) => {
    const eventId = optionalToken(c.req.query('event_id'), 'event_id');
    return c.json({ races: engine.races(eventId ? { eventId } : {}) });
  });
  app.get('/api/races/:id', (c) => {
    const race = engine.race(c.req.param('id'));
    if (!race) throw new HTTPException(404, { message: `no race ${c.req.param('id')}` });
    return c.json(race);
  });

  app.get('/api/standings', (c) => {
    const eventId = optionalToken(c.req.query('event_id'), 'event_id') ?? engine.currentEventId();
    if (!eventId) return c.json({ standings: [] });
    const classId = optionalToken(c.req.query('class_id'), 'class_id');
    return c.json({ standings: engine.standings(eventId, classId) });
  });

  app.post('/api/control/:intent', async (c) => {
    if (!tokenMatches(c.req.header('authorization'), deps.token)) {
      return c.json({ error: 'missing or wrong operator token: send Authorization: Bearer <token>' }, 401);
    }
    let body: unknown;
    try {
      body = await c.req.json();
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
