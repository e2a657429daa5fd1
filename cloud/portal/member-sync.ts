/**
 * @module Portal accounts as driver matching's members: each account's transponders and first driver
 * name (else its display name, else its name) copied into matching's users before an import is
 * matched, so a member's own details link them to the event's drivers. Account names may hold a
 * dot, which matching's user ids cannot: those names are hashed into an id of their own.
 */
import { createHash } from 'node:crypto';
import type { UserStore as AccountStore } from '../accounts/user-store.ts';
import type { UserRecord } from '../accounts/user.ts';
import type { UserStore as MatchingUsers } from '../liverc/matching/index.ts';

/** Matching's user id for an account name. */
export function matchingUserId(accountName: string): string {
  return accountName.includes('.') ? `u-${createHash('sha256').update(accountName).digest('hex').slice(0, 20)}` : accountName;
}

/** Copies one account into matching's users unless it holds the same already; 1 when written, else 0. */
export async function syncMember(account: UserRecord, users: MatchingUsers): Promise<number> {
  const user_id = matchingUserId(account.name);
  const name = account.driver_names[0] ?? account.display_name ?? account.name;
  const transponders = [...new Set(account.transponders)].sort();
  const held = await users.getUser(user_id);
  if (held && held.name === name && held.transponders.join() === transponders.join()) return 0;
  await users.putUser({ user_id, name, transponders });
  return 1;
}

/** Copies every account into matching's users, writing only those that changed (an import run again changes nothing); the number written. */
export async function syncMembers(accounts: AccountStore, users: MatchingUsers): Promise<number> {
  const written = await Promise.all((await accounts.list()).map((a) => syncMember(a, users)));
  return written.reduce<number>((n, w) => n + w, 0);
}
