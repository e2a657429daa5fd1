/** @module The race meeting over HTTP: GET /api/events/:id/meeting, the view race control and the scoreboard read (its intents go through POST /api/control/<intent> like the others). */
import type { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { RaceEngine } from '../../shared/race/index.ts';

export function mountMeetingRoutes(app: Hono, engine: RaceEngine): void {
  app.get('/api/events/:id/meeting', (c) => {
    const id = c.req.param('id');
    const meeting = engine.meeting(id);
    if (meeting) return c.json({ meeting });
    if (!engine.event(id)) throw new HTTPException(404, { message: `no live event ${id}: an archived event keeps its results (GET /api/events/${id}), not its meeting` });
    throw new HTTPException(404, { message: `event ${id} has no meeting: send meeting.setup first` });
  });
}
