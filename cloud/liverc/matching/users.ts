/** @module Club members the matcher links to LiveRC drivers: their record shape and the `liverc_users` bucket (one JSON value per user_id). */
import { z } from 'zod';
import { listJson, readJson, type JsonBucket } from './kv-json.ts';
import { normalizeTransponder } from './normalize.ts';
import { parseInput, userIdSchema } from './records.ts';

/** Kept without whitespace, once each and sorted, so saving the same profile twice stores the same bytes. */
const transpondersSchema = z
  .array(z.string().refine((t) => normalizeTransponder(t) !== null, { error: 'a transponder number cannot be empty' }))
  .transform((list) => [...new Set(list.map((t) => normalizeTransponder(t) ?? ''))].sort());

/** Strict: a misspelt field is an error rather than silently dropped. */
export const userRecordSchema = z.strictObject({
  user_id: userIdSchema,
  name: z.string().trim().min(1, { error: 'name cannot be empty' }).max(200),
  /** Every transponder the member races with (personal and rented ones they use regularly). */
  transponders: transpondersSchema.default([]),
});

/** What `putUser` accepts: `transponders` may be left out. */
export type UserInput = z.input<typeof userRecordSchema>;
/** What the bucket holds: `{user_id, name, transponders: string[]}`. */
export type UserRecord = z.output<typeof userRecordSchema>;

export interface UserStore {
  /** Validates, tidies the transponder list and stores the member; returns what was stored. */
  putUser(user: UserInput): Promise<UserRecord>;
  /** The member, or null when there is none with this id. */
  getUser(user_id: string): Promise<UserRecord | null>;
  /** Every member, by user_id. */
  listUsers(): Promise<UserRecord[]>;
}

export function createUserStore(bucket: JsonBucket): UserStore {
  return {
    async putUser(user) {
      const record = parseInput('user', userRecordSchema, user);
      // Unconditional: a profile edit is the newest truth about the member, and nothing else writes it.
      await bucket.kv.put(record.user_id, JSON.stringify(record));
      return record;
    },

    async getUser(user_id) {
      parseInput('user_id', userIdSchema, user_id);
      return (await readJson<UserRecord>(bucket, user_id))?.value ?? null;
    },

    async listUsers() {
      return (await listJson<UserRecord>(bucket, '>')).map((stored) => stored.value);
    },
  };
}
