/** @module The race meeting over HTTP: GET /api/events/:id/meeting, the view race control and the scoreboard read, and an archived event's as it left (its intents go through POST /api/control/<intent> like the others). */
import type { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { RaceEngine } from '../../shared/race/index.ts';
import type { RaceHost } from '../race/race-host.ts';

export function mountMeetingRoutes(app: Hono, engine: RaceEngine, archive: Pick<RaceHost['archive'], 'archivedMeeting' | 'archivedEvent'>): void {
  app.get('/api/events/:id/meeting', async (c) => {
    const id = c.req.param('id');
    const meeting = engine.meeting(id);
    if (meeting) return c.json({ meeting, archived: false });
    if (!engine.event(id)) {
      const archived = await archive.archivedMeeting(id);
      if (archived) return c.json({ meeting: archived, archived: true });
      throw new HTTPException(404, { message: (await archive.archivedEvent(id)) ? `archived event ${id} had no meeting` : `no event ${id}` });
    }
    throw new HTTPException(404, { message: `event ${id} has no meeting: send meeting.setup first` });
  });
}
