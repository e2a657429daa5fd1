/** @module A portal user as stored in the accounts bucket: name, role, optional display name, password hash, session generation, and the transponders and driver names that driver matching will read. */
import { z } from 'zod';

export const ROLES = ['admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** Lowercase so `Alice` and `alice` cannot be two accounts; also a valid KV key. */
export const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const USER_NAME_RULE = '1-64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit';

/** Caps on the lists a user keeps: a club member has a few cars and a few spellings of their name. */
export const MAX_TRANSPONDERS = 20;
export const MAX_DRIVER_NAMES = 20;

export const userRecordSchema = z.strictObject({
  name: z.string().regex(USER_NAME),
  role: z.enum(ROLES),
  display_name: z.string().min(1).max(80).nullable(),
  /** `scrypt$N$r$p$salt$key` (password.ts). */
  password: z.string().startsWith('scrypt$'),
  /** Raised by logout, a password change, a role change: every session signed with a lower one is over. */
  session_generation: z.number().int().nonnegative(),
  transponders: z.array(z.string().regex(/^\d{1,12}$/)).max(MAX_TRANSPONDERS),
  driver_names: z.array(z.string().trim().min(1).max(80)).max(MAX_DRIVER_NAMES),
  created_at: z.string(),
  updated_at: z.string(),
});

export type UserRecord = z.infer<typeof userRecordSchema>;

/** What the API and `mre cloud user list` show of a user: never the hash. */
export function publicUser(user: UserRecord) {
  return { name: user.name, role: user.role, display_name: user.display_name, transponders: user.transponders, driver_names: user.driver_names, created_at: user.created_at };
}

export type PublicUser = ReturnType<typeof publicUser>;
