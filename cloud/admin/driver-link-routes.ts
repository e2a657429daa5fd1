/**
 * @module `/api/admin/driver-links`: member-driver links for an admin to review, each with its
 * evidence (the member, the driver as LiveRC printed them, how each event matched, the events'
 * names and dates), and confirm or reject. Mounted inside the admin routes, behind their door.
 */
import type { Context, Hono } from 'hono';
import { createLogger } from '../../shared/log/index.ts';
import {
  DriverMatchingError,
  LINK_STATUSES,
  MAX_LINKS_PAGE,
  type DriverMatching,
  type EventDriverLink,
  type LinkStatus,
  type UserDriverLink,
} from '../liverc/matching/index.ts';
import type { DriverRecord, EventRecord } from '../liverc/store/records.ts';
import type { LiveRcStore } from '../liverc/store/store.ts';
import { adminName, jsonBody, Refusal } from './admin-refusal.ts';

const log = createLogger('cloud:admin');

export interface DriverLinkDeps {
  /** Null when matching is off (`matching.enabled` false): the routes say so with 503. */
  matching: DriverMatching | null;
  /** The LiveRC store: drivers' printed names, events' names and dates. */
  store: LiveRcStore;
}

/** A pair seen in hundreds of events shows the newest few; `events_total` says how many there are. */
export const MAX_EVIDENCE_EVENTS = 20;
const KEY = /^[A-Za-z0-9_-]{1,64}$/;
const KEY_RULE = '1-64 letters, digits, "_" or "-"';

function statusesOf(text: string | undefined): LinkStatus[] {
  const asked = (text ?? 'suggested,conflict').split(',');
  if (!asked.every((s) => (LINK_STATUSES as readonly string[]).includes(s))) throw new Refusal(400, `status must be one or more of ${LINK_STATUSES.join(', ')}, separated by commas`);
  return asked as LinkStatus[];
}

function limitOf(text: string | undefined): number {
  const limit = Number(text ?? '50');
  if (!/^\d+$/.test(text ?? '50') || limit < 1 || limit > MAX_LINKS_PAGE) throw new Refusal(400, `limit must be a whole number from 1 to ${MAX_LINKS_PAGE}`);
  return limit;
}

/** Reads each member, driver and event once per request however many pairs name it. */
function lookups(matching: DriverMatching, store: LiveRcStore) {
  const memo = <T>(read: (key: string) => Promise<T>) => {
    const seen = new Map<string, Promise<T>>();
    return (key: string) => seen.get(key) ?? (seen.set(key, read(key)), seen.get(key)!);
  };
  return {
    user: memo((id) => matching.users.getUser(id)),
    eventLinks: memo(async (id) => (await matching.linksForUser(id)).event_driver_links),
    driver: memo((key) => store.get<DriverRecord>('drivers', key)),
    event: memo((id) => store.get<EventRecord>('events', id)),
    rivals: memo((key) => matching.linksForDriver(key)),
  };
}

async function evidence(look: ReturnType<typeof lookups>, link: UserDriverLink) {
  const [user, driver, links, rivals] = await Promise.all([look.user(link.user_id), look.driver(link.driver_key), look.eventLinks(link.user_id), link.status === 'conflict' ? look.rivals(link.driver_key) : []]);
  const mine = links.filter((l) => l.driver_key === link.driver_key).sort((a, b) => (a.event_id < b.event_id ? 1 : -1));
  const events = await Promise.all(
    mine.slice(0, MAX_EVIDENCE_EVENTS).map(async (l: EventDriverLink) => {
      const event = await look.event(l.event_id);
      return { event_id: l.event_id, name: event?.name ?? null, date: event?.date_start ?? null, match_type: l.match_type, transponder: l.transponder, similarity: l.similarity, status: l.status };
    }),
  );
  const competing = rivals.filter((r) => r.user_id !== link.user_id && r.status !== 'rejected');
  return {
    user: { user_id: link.user_id, name: user?.name ?? null, transponders: user?.transponders ?? [] },
    driver_key: link.driver_key,
    driver_name: driver?.display_name ?? null,
    status: link.status,
    similarity: link.similarity,
    matched_at: link.matched_at,
    confirmed_at: link.confirmed_at,
    rejected_at: link.rejected_at ?? null,
    events,
    events_total: mine.length,
    competing: await Promise.all(competing.map(async (r) => ({ user_id: r.user_id, name: (await look.user(r.user_id))?.name ?? null, status: r.status }))),
  };
}

export type DriverLinkEvidence = Awaited<ReturnType<typeof evidence>>;

function pairOf(body: Record<string, unknown>): { user_id: string; driver_key: string } {
  const { user_id, driver_key } = body;
  if (typeof user_id !== 'string' || !/^[a-z0-9_-]{1,64}$/.test(user_id)) throw new Refusal(400, 'user_id must be 1-64 lowercase letters, digits, "_" or "-"');
  if (typeof driver_key !== 'string' || !KEY.test(driver_key)) throw new Refusal(400, `driver_key must be ${KEY_RULE}`);
  return { user_id, driver_key };
}

export function driverLinkRoutes(app: Hono, deps: DriverLinkDeps): void {
  const need = (): DriverMatching => {
    if (!deps.matching) throw new Refusal(503, 'driver matching is off in this cloud (matching.enabled is false): there are no driver links to review');
    return deps.matching;
  };

  app.get('/driver-links', async (c) => {
    const matching = need();
    const statuses = statusesOf(c.req.query('status'));
    const limit = limitOf(c.req.query('limit'));
    const after = c.req.query('after') ?? null;
    if (after !== null && !/^[a-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,64}$/.test(after)) throw new Refusal(400, 'after must be the next key a previous page gave');
    const page = await matching.listLinks({ statuses, limit, after });
    const look = lookups(matching, deps.store);
    return c.json({ statuses, links: await Promise.all(page.links.map((l) => evidence(look, l))), next: page.next });
  });

  const decide = (verb: 'confirm' | 'reject') => async (c: Context) => {
    const matching = need();
    const { user_id, driver_key } = pairOf(await jsonBody(c));
    try {
      const link = verb === 'confirm' ? await matching.confirmLink(user_id, driver_key) : await matching.rejectLink(user_id, driver_key);
      log.info(`admin ${verb === 'confirm' ? 'confirmed' : 'rejected'} a driver link`, { admin: adminName(c), user_id, driver_key });
      return c.json({ link: await evidence(lookups(matching, deps.store), link) });
    } catch (error) {
      if (error instanceof DriverMatchingError && error.code === 'not_found') throw new Refusal(404, `no driver link between ${user_id} and ${driver_key}: match an event with this driver first`);
      throw error;
    }
  };
  app.post('/driver-links/confirm', decide('confirm'));
  app.post('/driver-links/reject', decide('reject'));
}
