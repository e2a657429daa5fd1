/**
 * @module The box tokens the admin console issued: `boxtoken.<jti>` in the accounts bucket keeps
 * the track, client, issue time and issuing admin (never the token, which is shown once), and
 * revocation goes into the same revoked-token bucket every ingest node watches.
 */
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { openProvisionedBucket } from '../ingest/open-bucket.ts';
import { revokeToken, type Revocation } from '../ingest/revocations.ts';
import { issueToken } from '../ingest/token.ts';

export const boxTokenRecordSchema = z.strictObject({
  jti: z.string(),
  track_id: z.string(),
  client_id: z.string(),
  issued_at: z.string(),
  issued_by: z.string(),
});

export type BoxTokenRecord = z.infer<typeof boxTokenRecordSchema>;

export interface BoxTokenView extends BoxTokenRecord {
  revoked: boolean;
  revoked_at: string | null;
}

const key = (jti: string) => `boxtoken.${jti}`;

export class BoxTokenBook {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly accounts: KV,
    private readonly revoked: KV,
    private readonly secret: Buffer,
  ) {}

  static async open(nc: NatsConnection, secret: Buffer): Promise<BoxTokenBook> {
    return new BoxTokenBook(nc, await openProvisionedBucket(nc, 'accounts'), await openProvisionedBucket(nc, 'revokedTokens'), secret);
  }

  async issue(subject: { track_id: string; client_id: string }, admin: string): Promise<{ token: string; record: BoxTokenRecord }> {
    const { token, claims } = issueToken(this.secret, subject);
    const record = boxTokenRecordSchema.parse({ jti: claims.jti, track_id: claims.track_id, client_id: claims.client_id, issued_at: new Date(claims.iat * 1000).toISOString(), issued_by: admin });
    await this.accounts.create(key(record.jti), JSON.stringify(record));
    return { token, record };
  }

  async get(jti: string): Promise<BoxTokenRecord | null> {
    const entry = await this.accounts.get(key(jti));
    if (!entry || entry.operation !== 'PUT') return null;
    const parsed = boxTokenRecordSchema.safeParse(entry.json());
    return parsed.success ? parsed.data : null;
  }

  /** Newest first, each with whether ingest now refuses it. */
  async list(): Promise<BoxTokenView[]> {
    const views: BoxTokenView[] = [];
    for await (const name of await this.accounts.keys('boxtoken.>')) {
      const record = await this.get(name.slice('boxtoken.'.length));
      if (!record) continue;
      const revocation = await this.revoked.get(record.jti);
      const revokedAt = revocation && revocation.operation === 'PUT' ? ((revocation.json() as Revocation).revoked_at ?? null) : null;
      views.push({ ...record, revoked: revokedAt !== null, revoked_at: revokedAt });
    }
    return views.sort((a, b) => b.jti.localeCompare(a.jti));
  }

  revoke(jti: string, reason: string): Promise<Revocation> {
    return revokeToken(this.nc, jti, reason);
  }
}
