/**
 * @module Portal accounts as driver matching's members: each account's transponders and first driver
 * name (else its display name, else its name) copied into matching's users before an import is
 * matched, so a member's own details link them to the event's drivers. Account names may hold a
 * dot, which matching's user ids cannot: those names are hashed into an id of their own.
 */
import { createHash } from 'node:crypto';
import type { UserStore as AccountStore } from '../accounts/user-store.ts';
import type { UserStore as MatchingUsers } from '../liverc/matching/index.ts';

/** Matching's user id for an account name. */
export function matchingUserId(accountName: string): string {
  return accountName.includes('.') ? `u-${createHash('sha256').update(accountName).digest('hex').slice(0, 20)}` : accountName;
}

/** Copies every account into matching's users, writing only those that changed (an import run again changes nothing); the number written. */
export async function syncMembers(accounts: AccountStore, users: MatchingUsers): Promise<number> {
  const written = await Promise.all(
    (await accounts.list()).map(async (a) => {
      const user_id = matchingUserId(a.name);
      const name = a.driver_names[0] ?? a.display_name ?? a.name;
      const transponders = [...new Set(a.transponders)].sort();
      const held = await users.getUser(user_id);
      if (held && held.name === name && held.transponders.join() === transponders.join()) return 0;
      await users.putUser({ user_id, name, transponders });
      return 1;
    }),
  );
  return written.reduce<number>((n, w) => n + w, 0);
}
