/**
 * @module Users and API tokens in the `mre_accounts` KV bucket: `user.<name>` holds a user,
 * `token.<id>` an API token's hash. Every change is a compare-and-set on the entry's revision, so
 * two admins changing one user at once cannot undo each other.
 */
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import type { StreamsConfig } from '../ingest/config.ts';
import { openProvisionedBucket } from '../ingest/open-bucket.ts';
import { provision } from '../ingest/provision.ts';
import { BUCKETS } from '../ingest/stream-specs.ts';
import { hashPassword } from './password.ts';
import { userRecordSchema, type Role, type UserRecord } from './user.ts';

/** A refusal about a user the caller named (exists already, does not exist, changed meanwhile). */
export class AccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountError';
  }
}

export const apiTokenRecordSchema = z.strictObject({
  id: z.string(),
  user: z.string(),
  /** SHA-256 of the token's secret part, hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  created_at: z.string(),
});

export type ApiTokenRecord = z.infer<typeof apiTokenRecordSchema>;

const userKey = (name: string) => `user.${name}`;
const tokenKey = (id: string) => `token.${id}`;

export interface NewUser {
  name: string;
  role: Role;
  password: string;
  display_name?: string | null;
  transponders?: string[];
  driver_names?: string[];
}

export class UserStore {
  private constructor(private readonly kv: KV) {}

  /** Opens the bucket, making it first when missing (the accounts bucket only: other streams stay `mre cloud provision`'s). */
  static async open(nc: NatsConnection, config: { streams: StreamsConfig }): Promise<UserStore> {
    await provision(nc, config, { update: false, only: [`KV_${BUCKETS.accounts}`] });
    return new UserStore(await openProvisionedBucket(nc, 'accounts'));
  }

  async get(name: string): Promise<UserRecord | null> {
    return (await this.#read(name))?.user ?? null;
  }

  async list(): Promise<UserRecord[]> {
    const users: UserRecord[] = [];
    for await (const key of await this.kv.keys('user.>')) {
      const user = await this.get(key.slice('user.'.length));
      if (user) users.push(user);
    }
    return users.sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(input: NewUser): Promise<UserRecord> {
    const now = new Date().toISOString();
    const user = userRecordSchema.parse({ name: input.name, role: input.role, display_name: input.display_name ?? null, password: await hashPassword(input.password), session_generation: 0, transponders: input.transponders ?? [], driver_names: input.driver_names ?? [], created_at: now, updated_at: now });
    try {
      await this.kv.create(userKey(user.name), JSON.stringify(user));
    } catch {
      throw new AccountError(`user ${user.name} exists already`);
    }
    return user;
  }

  /** Applies `change` to the stored user; every change ends the user's sessions unless `keepSessions`. */
  async update(name: string, change: (user: UserRecord) => Partial<UserRecord>, keepSessions = false): Promise<UserRecord> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const read = await this.#read(name);
      if (!read) throw new AccountError(`user ${name} does not exist`);
      const next = userRecordSchema.parse({ ...read.user, ...change(read.user), updated_at: new Date().toISOString(), session_generation: read.user.session_generation + (keepSessions ? 0 : 1) });
      try {
        await this.kv.update(userKey(name), JSON.stringify(next), read.revision);
        return next;
      } catch {
        // Changed by someone else between the read and the write: read again.
      }
    }
    throw new AccountError(`user ${name} kept changing while this change was made; try again`);
  }

  async setPassword(name: string, password: string): Promise<UserRecord> {
    const hash = await hashPassword(password);
    return this.update(name, () => ({ password: hash }));
  }

  /** Ends every session of the user (logout, a role change). */
  endSessions(name: string): Promise<UserRecord> {
    return this.update(name, () => ({}));
  }

  async remove(name: string): Promise<void> {
    if (!(await this.#read(name))) throw new AccountError(`user ${name} does not exist`);
    for (const token of await this.tokens(name)) await this.kv.purge(tokenKey(token.id));
    await this.kv.purge(userKey(name));
  }

  async putToken(token: ApiTokenRecord): Promise<void> {
    await this.kv.create(tokenKey(token.id), JSON.stringify(apiTokenRecordSchema.parse(token)));
  }

  async token(id: string): Promise<ApiTokenRecord | null> {
    const entry = await this.kv.get(tokenKey(id));
    if (!entry || entry.operation !== 'PUT') return null;
    const parsed = apiTokenRecordSchema.safeParse(entry.json());
    return parsed.success ? parsed.data : null;
  }

  async tokens(name?: string): Promise<ApiTokenRecord[]> {
    const found: ApiTokenRecord[] = [];
    for await (const key of await this.kv.keys('token.>')) {
      const token = await this.token(key.slice('token.'.length));
      if (token && (name === undefined || token.user === name)) found.push(token);
    }
    return found.sort((a, b) => a.id.localeCompare(b.id));
  }

  async revokeToken(id: string): Promise<ApiTokenRecord> {
    const token = await this.token(id);
    if (!token) throw new AccountError(`API token ${id} does not exist (or was revoked already)`);
    await this.kv.purge(tokenKey(id));
    return token;
  }

  async #read(name: string): Promise<{ user: UserRecord; revision: number } | null> {
    const entry = await this.kv.get(userKey(name));
    if (!entry || entry.operation !== 'PUT') return null;
    return { user: userRecordSchema.parse(entry.json()), revision: entry.revision };
  }
}
