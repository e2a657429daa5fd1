/** @module Driver matching for LiveRC imports: opens its three KV buckets and links club members to the drivers of an imported event. */
import { StorageType, type JetStreamClient } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { JsonBucket } from './kv-json.ts';
import { applyEventDecisions, confirmPair, linksOfEvent, linksOfUser, type LinkBuckets } from './links.ts';
import { decideLinks, mergeDrivers } from './matcher.ts';
import {
  driverKeySchema,
  EVENT_LINKS_BUCKET,
  eventIdSchema,
  matchInputSchema,
  parseInput,
  USER_LINKS_BUCKET,
  userIdSchema,
  USERS_BUCKET,
  type EventDriverLink,
  type MatchInput,
  type MatchReport,
  type UserDriverLink,
} from './records.ts';
import { createUserStore, type UserStore } from './users.ts';

export { jaroWinkler, normalizeName, normalizeTransponder } from './normalize.ts';
export { NAME_THRESHOLD } from './matcher.ts';
export { AUTO_CONFIRM_EVENTS } from './links.ts';
export * from './records.ts';
export type { UserInput, UserRecord, UserStore } from './users.ts';

export interface DriverMatchingOptions {
  /**
   * Bucket sizes in bytes. Defaults are small (test servers have little disk): users 1 MiB,
   * event links 16 MiB, user links 4 MiB; production sets them from config.
   */
  maxBytes?: { users?: number; eventLinks?: number; userLinks?: number };
  /** Largest single value, default 64 KiB (a user link lists every event the pair was seen in). */
  maxValueBytes?: number;
  storage?: 'file' | 'memory';
  replicas?: number;
  /** Clock for `matched_at` / `confirmed_at`. */
  now?: () => Date;
}

export interface DriverMatching {
  users: UserStore;
  /** Links the stored members to one imported event's drivers; safe to run again on the same event. */
  matchEvent(input: MatchInput): Promise<MatchReport>;
  /** Which drivers the member is, and the events they were seen in. */
  linksForUser(user_id: string): Promise<{ user_driver_links: UserDriverLink[]; event_driver_links: EventDriverLink[] }>;
  linksForEvent(event_id: string): Promise<EventDriverLink[]>;
  /** A person confirms a suggested or conflicting pair; the matcher never undoes it. */
  confirmLink(user_id: string, driver_key: string): Promise<UserDriverLink>;
}

const MiB = 1024 * 1024;

export async function createDriverMatching(js: JetStreamClient, options: DriverMatchingOptions = {}): Promise<DriverMatching> {
  const kvm = new Kvm(js);
  const jsm = await js.jetstreamManager();
  // History 1: a link's current state is all anyone reads, and old revisions would only use disk.
  const open = async (name: string, max_bytes: number, description: string): Promise<JsonBucket> => ({
    name,
    jsm,
    kv: await kvm.create(name, {
      history: 1,
      max_bytes,
      maxValueSize: options.maxValueBytes ?? 64 * 1024,
      storage: options.storage === 'memory' ? StorageType.Memory : StorageType.File,
      replicas: options.replicas ?? 1,
      description,
    }),
  });
  const [usersBucket, eventLinks, userLinks] = await Promise.all([
    open(USERS_BUCKET, options.maxBytes?.users ?? MiB, 'Club members matched to LiveRC drivers'),
    open(EVENT_LINKS_BUCKET, options.maxBytes?.eventLinks ?? 16 * MiB, 'Member seen as a driver in one imported LiveRC event'),
    open(USER_LINKS_BUCKET, options.maxBytes?.userLinks ?? 4 * MiB, 'Member is a LiveRC driver, over all events'),
  ]);
  const links: LinkBuckets = { eventLinks, userLinks, now: options.now ?? (() => new Date()) };
  const users = createUserStore(usersBucket);

  return {
    users,

    async matchEvent(input) {
      const { event_id, drivers: rows } = parseInput('match input', matchInputSchema, input);
      const drivers = mergeDrivers(rows);
      const members = await users.listUsers();
      const decisions = decideLinks(drivers, members);
      const applied = await applyEventDecisions(links, event_id, decisions);
      const linked = new Set(applied.links.map((l) => l.driver_key));
      return {
        event_id,
        drivers: drivers.length,
        users: members.length,
        links: applied.links,
        user_driver_links: applied.user_driver_links,
        unmatched: drivers.map((d) => d.driver_key).filter((key) => !linked.has(key)),
        removed: applied.removed,
      };
    },

    async linksForUser(user_id) {
      return linksOfUser(links, parseInput('user_id', userIdSchema, user_id));
    },

    async linksForEvent(event_id) {
      return linksOfEvent(links, parseInput('event_id', eventIdSchema, event_id));
    },

    async confirmLink(user_id, driver_key) {
      return confirmPair(links, parseInput('user_id', userIdSchema, user_id), parseInput('driver_key', driverKeySchema, driver_key));
    },
  };
}
