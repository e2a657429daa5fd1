/** @module One event's matching decision, pure: transponder first, then exact normalised name, then Jaro-Winkler ≥ 0.85; ties become conflicts. */
import { jaroWinkler, normalizeName, normalizeTransponder } from './normalize.ts';
import { userLinkKey, type MatchDriver, type MatchType } from './records.ts';
import type { UserRecord } from './users.ts';

/** Below this, names are too far apart to suggest a link or to back a transponder match. */
export const NAME_THRESHOLD = 0.85;

export interface LinkDecision {
  user_id: string;
  driver_key: string;
  match_type: MatchType;
  transponder: string | null;
  similarity: number;
  /** The driver matched another member, or the member another driver, exactly as well. */
  conflict: boolean;
}

export interface EventDriver {
  driver_key: string;
  name: string;
  transponders: string[];
}

interface Member {
  user_id: string;
  name: string;
  transponders: ReadonlySet<string>;
}

interface Candidate {
  driver: EventDriver;
  member: Member;
  /** Ranks candidates within a rule; transponder and exact-name matches all score 1. */
  score: number;
  similarity: number;
  transponder: string | null;
}

/** Rows with one key are one driver (one per class entered): their transponders are pooled. */
export function mergeDrivers(rows: readonly MatchDriver[]): EventDriver[] {
  const byKey = new Map<string, EventDriver>();
  for (const row of rows) {
    const driver = byKey.get(row.driver_key) ?? { driver_key: row.driver_key, name: '', transponders: [] };
    if (driver.name === '') driver.name = normalizeName(row.display_name);
    const transponder = normalizeTransponder(row.transponder);
    if (transponder !== null && !driver.transponders.includes(transponder)) driver.transponders.push(transponder);
    byKey.set(row.driver_key, driver);
  }
  return [...byKey.values()].sort((a, b) => compare(a.driver_key, b.driver_key));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const similarityOf = (a: string, b: string) => (a === '' || b === '' ? 0 : jaroWinkler(a, b));

type Rule = (driver: EventDriver, member: Member) => Omit<Candidate, 'driver' | 'member'> | null;

const RULES: readonly [MatchType, Rule][] = [
  [
    'transponder',
    (driver, member) => {
      const transponder = driver.transponders.find((t) => member.transponders.has(t));
      return transponder === undefined ? null : { score: 1, similarity: similarityOf(driver.name, member.name), transponder };
    },
  ],
  [
    'name',
    (driver, member) =>
      driver.name !== '' && driver.name === member.name ? { score: 1, similarity: 1, transponder: driver.transponders[0] ?? null } : null,
  ],
  [
    'fuzzy',
    (driver, member) => {
      const similarity = similarityOf(driver.name, member.name);
      return similarity >= NAME_THRESHOLD ? { score: similarity, similarity, transponder: driver.transponders[0] ?? null } : null;
    },
  ],
];

/**
 * Links members to drivers rule by rule; whoever a stronger rule placed is out of the later
 * rules, so a transponder match is never overridden by a name. Within a rule, candidates are taken
 * best score first; at one score, a driver with two members (or a member with two drivers) makes
 * every pair involved a conflict, and all of them are placed so that a weaker pair cannot slip in.
 * A `rejected` pair (`user_id.driver_key`) is never a candidate: as if it had never scored, so the
 * driver and the member stay free for other rules and a tie it was part of is no longer a conflict.
 */
export function decideLinks(drivers: readonly EventDriver[], users: readonly UserRecord[], rejected: ReadonlySet<string> = new Set()): LinkDecision[] {
  const members: Member[] = users
    .map((u) => ({ user_id: u.user_id, name: normalizeName(u.name), transponders: new Set(u.transponders) }))
    .sort((a, b) => compare(a.user_id, b.user_id));
  const placedDrivers = new Set<string>();
  const placedMembers = new Set<string>();
  const decisions: LinkDecision[] = [];

  for (const [match_type, rule] of RULES) {
    const candidates: Candidate[] = [];
    for (const driver of drivers) {
      if (placedDrivers.has(driver.driver_key)) continue;
      for (const member of members) {
        if (placedMembers.has(member.user_id) || rejected.has(userLinkKey(member.user_id, driver.driver_key))) continue;
        const found = rule(driver, member);
        if (found) candidates.push({ driver, member, ...found });
      }
    }
    candidates.sort((a, b) => b.score - a.score);
    for (let start = 0; start < candidates.length; ) {
      let end = start;
      while (end < candidates.length && candidates[end]?.score === candidates[start]?.score) end++;
      const level = candidates
        .slice(start, end)
        .filter((c) => !placedDrivers.has(c.driver.driver_key) && !placedMembers.has(c.member.user_id));
      const perDriver = countBy(level, (c) => c.driver.driver_key);
      const perMember = countBy(level, (c) => c.member.user_id);
      for (const c of level) {
        decisions.push({
          user_id: c.member.user_id,
          driver_key: c.driver.driver_key,
          match_type,
          transponder: c.transponder,
          similarity: c.similarity,
          conflict: (perDriver.get(c.driver.driver_key) ?? 0) > 1 || (perMember.get(c.member.user_id) ?? 0) > 1,
        });
      }
      for (const c of level) {
        placedDrivers.add(c.driver.driver_key);
        placedMembers.add(c.member.user_id);
      }
      start = end;
    }
  }
  return decisions.sort((a, b) => compare(a.user_id, b.user_id) || compare(a.driver_key, b.driver_key));
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
