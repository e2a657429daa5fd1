/** @module Link records in KV: one event's decisions written, each member-driver pair rolled up (auto-confirm, conflict), and nothing confirmed ever downgraded. */
import { listJson, listKeys, modifyJson, readJson, type JsonBucket } from './kv-json.ts';
import { NAME_THRESHOLD, type LinkDecision } from './matcher.ts';
import {
  DriverMatchingError,
  eventLinkKey,
  linkFilters,
  MATCHER_ID,
  userLinkKey,
  type EventDriverLink,
  type LinkStatus,
  type UserDriverLink,
} from './records.ts';

/** Auto-confirm needs this many events where the transponder matched and the names agree. */
export const AUTO_CONFIRM_EVENTS = 2;

export interface LinkBuckets {
  eventLinks: JsonBucket;
  userLinks: JsonBucket;
  now: () => Date;
}

interface Pair {
  user_id: string;
  driver_key: string;
}

export interface AppliedEvent {
  links: EventDriverLink[];
  user_driver_links: UserDriverLink[];
  removed: string[];
}

/**
 * Replaces one event's links with `decisions`. A link the members no longer support is deleted
 * unless it is confirmed (a person may have confirmed it). Then every pair the event touched is
 * rolled up from all of its event links, so the result does not depend on the order events are
 * matched in, and the same decisions a second time write nothing.
 */
export async function applyEventDecisions(b: LinkBuckets, event_id: string, decisions: readonly LinkDecision[]): Promise<AppliedEvent> {
  const pairs = new Map<string, Pair>();
  const touch = (user_id: string, driver_key: string) => pairs.set(userLinkKey(user_id, driver_key), { user_id, driver_key });
  const wanted = new Map(decisions.map((d) => [eventLinkKey(d.user_id, event_id, d.driver_key), d]));

  const removed: string[] = [];
  for (const { key, value } of await listJson<EventDriverLink>(b.eventLinks, linkFilters.eventLinksOfEvent(event_id))) {
    if (wanted.has(key)) continue;
    touch(value.user_id, value.driver_key);
    const result = await modifyJson<EventDriverLink>(b.eventLinks, key, (current) => (current && isDecided(current.status) ? current : null));
    if (result.changed && result.value === null) removed.push(key);
  }

  for (const [key, decision] of wanted) {
    touch(decision.user_id, decision.driver_key);
    await modifyJson<EventDriverLink>(b.eventLinks, key, (current) => ({
      user_id: decision.user_id,
      event_id,
      driver_key: decision.driver_key,
      match_type: decision.match_type,
      transponder: decision.transponder,
      similarity: decision.similarity,
      status: current && isDecided(current.status) ? current.status : decision.conflict ? 'conflict' : 'suggested',
    }));
  }

  const user_driver_links: UserDriverLink[] = [];
  for (const [, pair] of [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const link = await rollUpPair(b, pair);
    if (link) user_driver_links.push(link);
  }
  const links = (await listJson<EventDriverLink>(b.eventLinks, linkFilters.eventLinksOfEvent(event_id))).map((s) => s.value);
  return { links, user_driver_links, removed };
}

/** A person's (or auto-confirm's) decision: kept whatever later events show. */
const isDecided = (status: LinkStatus) => status === 'confirmed' || status === 'rejected';

/** A transponder match counts towards auto-confirm only where the names agree too (a lent transponder must not confirm). */
const backsConfirmation = (link: EventDriverLink) =>
  link.match_type === 'transponder' && link.status !== 'conflict' && link.similarity >= NAME_THRESHOLD;

/** Recomputes one pair's user-driver link from its event links, then carries a confirmation down to them. */
async function rollUpPair(b: LinkBuckets, { user_id, driver_key }: Pair): Promise<UserDriverLink | null> {
  const { value } = await modifyJson<UserDriverLink>(b.userLinks, userLinkKey(user_id, driver_key), async (current) => {
    const links = (await listJson<EventDriverLink>(b.eventLinks, linkFilters.eventLinksOfPair(user_id, driver_key))).map((s) => s.value);
    const rejected = current?.status === 'rejected';
    const confirmed = !rejected && (current?.status === 'confirmed' || links.filter(backsConfirmation).length >= AUTO_CONFIRM_EVENTS);
    if (links.length === 0 && !confirmed && !rejected) return null;
    const status: LinkStatus = rejected ? 'rejected' : confirmed ? 'confirmed' : links.some((l) => l.status === 'conflict') ? 'conflict' : 'suggested';
    const stamp = b.now().toISOString();
    return {
      user_id,
      driver_key,
      status,
      similarity: links.length > 0 ? Math.max(...links.map((l) => l.similarity)) : (current?.similarity ?? 0),
      matcher: MATCHER_ID,
      events: [...new Set(links.map((l) => l.event_id))].sort(),
      matched_at: current?.matched_at ?? stamp,
      confirmed_at: confirmed ? (current?.confirmed_at ?? stamp) : null,
      ...(rejected ? { rejected_at: current?.rejected_at ?? stamp } : {}),
    };
  });
  if (value?.status === 'confirmed') await confirmEventLinks(b, value);
  return value;
}

/**
 * A confirmed pair confirms its suggested event links; an event where it was a conflict stays one.
 * Rejected event links exist only while the pair was rejected: confirming it confirms them too.
 */
async function confirmEventLinks(b: LinkBuckets, link: UserDriverLink): Promise<void> {
  await setEventLinks(b, link, (status) => (status === 'suggested' || status === 'rejected' ? 'confirmed' : status));
}

async function setEventLinks(b: LinkBuckets, link: Pair, next: (status: LinkStatus) => LinkStatus): Promise<void> {
  for (const { key } of await listJson<EventDriverLink>(b.eventLinks, linkFilters.eventLinksOfPair(link.user_id, link.driver_key))) {
    await modifyJson<EventDriverLink>(b.eventLinks, key, (current) => (current ? { ...current, status: next(current.status) } : null));
  }
}

/** A person says this member is this driver: confirmed from now on, whatever later events show. */
export async function confirmPair(b: LinkBuckets, user_id: string, driver_key: string): Promise<UserDriverLink> {
  const key = userLinkKey(user_id, driver_key);
  const { value } = await modifyJson<UserDriverLink>(b.userLinks, key, (current) => {
    if (current === null) throw new DriverMatchingError('not_found', `no link ${key} to confirm; match an event with this driver first`, key);
    const { rejected_at: _dropped, ...kept } = current;
    return { ...kept, status: 'confirmed', confirmed_at: current.status === 'confirmed' ? current.confirmed_at : b.now().toISOString() };
  });
  if (value === null) throw new DriverMatchingError('not_found', `no link ${key} to confirm`, key);
  await confirmEventLinks(b, value);
  return value;
}

/**
 * A person says this member is not this driver, whatever its status was (an auto-confirmed pair
 * can be a lent transponder). The pair and its event links become `rejected`, which the matcher
 * keeps and never suggests again; `confirmPair` undoes it.
 */
export async function rejectPair(b: LinkBuckets, user_id: string, driver_key: string): Promise<UserDriverLink> {
  const key = userLinkKey(user_id, driver_key);
  const { value } = await modifyJson<UserDriverLink>(b.userLinks, key, (current) => {
    if (current === null) throw new DriverMatchingError('not_found', `no link ${key} to reject; match an event with this driver first`, key);
    if (current.status === 'rejected') return current;
    return { ...current, status: 'rejected', confirmed_at: null, rejected_at: b.now().toISOString() };
  });
  if (value === null) throw new DriverMatchingError('not_found', `no link ${key} to reject`, key);
  await setEventLinks(b, value, () => 'rejected');
  return value;
}

/** Whether the pair was rejected: the matcher leaves such pairs out of an event's decisions. */
export async function isRejected(b: LinkBuckets, user_id: string, driver_key: string): Promise<boolean> {
  return (await readJson<UserDriverLink>(b.userLinks, userLinkKey(user_id, driver_key)))?.value.status === 'rejected';
}

export interface LinkPage {
  links: UserDriverLink[];
  /** The key to pass as `after` for the next page; null when the list is done. */
  next: string | null;
}

/** Values read per page at most, so one request costs the same however many links there are. */
export const MAX_SCANNED_PER_PAGE = 2000;

/**
 * User-driver links of the given statuses, by key, from after the key `after`. The status is in
 * the value, not the key, so a page reads values in key order until `limit` are found or
 * MAX_SCANNED_PER_PAGE were read; `next` then says where to go on (a page may come back short).
 */
export async function listPairs(b: LinkBuckets, statuses: readonly LinkStatus[], limit: number, after: string | null): Promise<LinkPage> {
  const remaining = (await listKeys(b.userLinks, '>')).filter((key) => after === null || key > after);
  const keys = remaining.slice(0, MAX_SCANNED_PER_PAGE);
  const links: UserDriverLink[] = [];
  let last = -1;
  for (let at = 0; at < keys.length && links.length < limit; at += READ_AT_ONCE) {
    const values = await Promise.all(keys.slice(at, at + READ_AT_ONCE).map((key) => readJson<UserDriverLink>(b.userLinks, key)));
    for (const stored of values) {
      last++;
      if (stored && statuses.includes(stored.value.status)) links.push(stored.value);
      if (links.length === limit) break;
    }
  }
  return { links, next: last + 1 < remaining.length ? (keys[last] ?? null) : null };
}

const READ_AT_ONCE = 50;

/** Every member linked to one driver, whatever the status: who competes for it. */
export async function pairsOfDriver(b: LinkBuckets, driver_key: string): Promise<UserDriverLink[]> {
  return (await listJson<UserDriverLink>(b.userLinks, linkFilters.userLinksOfDriver(driver_key))).map((s) => s.value);
}

/** The member's links: which drivers they are, and in which events. */
export async function linksOfUser(b: LinkBuckets, user_id: string): Promise<{ user_driver_links: UserDriverLink[]; event_driver_links: EventDriverLink[] }> {
  const [user_driver_links, event_driver_links] = await Promise.all([
    listJson<UserDriverLink>(b.userLinks, linkFilters.userLinksOfUser(user_id)),
    listJson<EventDriverLink>(b.eventLinks, linkFilters.eventLinksOfUser(user_id)),
  ]);
  return { user_driver_links: user_driver_links.map((s) => s.value), event_driver_links: event_driver_links.map((s) => s.value) };
}

export async function linksOfEvent(b: LinkBuckets, event_id: string): Promise<EventDriverLink[]> {
  return (await listJson<EventDriverLink>(b.eventLinks, linkFilters.eventLinksOfEvent(event_id))).map((s) => s.value);
}
