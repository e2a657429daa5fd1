/** @module Driver matching for LiveRC imports: opens its three KV buckets and links club members to the drivers of an imported event. */
import { StorageType, type JetStreamClient } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { JsonBucket } from './kv-json.ts';
import { applyEventDecisions, confirmPair, isRejected, linksOfEvent, linksOfUser, listPairs, pairsOfDriver, rejectPair, type LinkBuckets, type LinkPage } from './links.ts';
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
  userLinkKey,
  type EventDriverLink,
  type LinkStatus,
  type MatchInput,
  type MatchReport,
  type UserDriverLink,
} from './records.ts';
import { createUserStore, type UserStore } from './users.ts';

export { jaroWinkler, normalizeName, normalizeTransponder } from './normalize.ts';
export { NAME_THRESHOLD } from './matcher.ts';
export { AUTO_CONFIRM_EVENTS, MAX_SCANNED_PER_PAGE, type LinkPage } from './links.ts';
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
  /** A person says the member is not this driver: `rejected`, never suggested again, until confirmed. */
  rejectLink(user_id: string, driver_key: string): Promise<UserDriverLink>;
  /** Pairs of these statuses over every member, by key, at most `limit` (1-MAX_LINKS_PAGE) after the key `after`. */
  listLinks(query: { statuses: readonly LinkStatus[]; limit: number; after?: string | null }): Promise<LinkPage>;
  /** Every member linked to this driver, any status. */
  linksForDriver(driver_key: string): Promise<UserDriverLink[]>;
}

export const MAX_LINKS_PAGE = 100;

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
      const decisions = await decideWithoutRejected(links, drivers, members);
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

    async rejectLink(user_id, driver_key) {
      return rejectPair(links, parseInput('user_id', userIdSchema, user_id), parseInput('driver_key', driverKeySchema, driver_key));
    },

    async listLinks({ statuses, limit, after = null }) {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LINKS_PAGE) throw new RangeError(`limit must be a whole number from 1 to ${MAX_LINKS_PAGE}`);
      return listPairs(links, statuses, limit, after);
    },

    async linksForDriver(driver_key) {
      return pairsOfDriver(links, parseInput('driver_key', driverKeySchema, driver_key));
    },
  };
}

/**
 * Decides the event leaving out rejected pairs. Only the pairs a decision names are looked up (a
 * few per event, rather than every link there is); a rejected one is excluded and the event decided
 * again, so the driver and member it freed can still match someone else.
 */
async function decideWithoutRejected(b: LinkBuckets, drivers: ReturnType<typeof mergeDrivers>, members: Awaited<ReturnType<UserStore['listUsers']>>) {
  const rejected = new Set<string>();
  const checked = new Set<string>();
  for (;;) {
    const decisions = decideLinks(drivers, members, rejected);
    let excluded = false;
    for (const d of decisions) {
      const key = userLinkKey(d.user_id, d.driver_key);
      if (checked.has(key)) continue;
      checked.add(key);
      if (await isRejected(b, d.user_id, d.driver_key)) {
        rejected.add(key);
        excluded = true;
      }
    }
    if (!excluded) return decisions;
  }
}
