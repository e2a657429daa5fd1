/**
 * @module Revoked box tokens: `revokeToken` writes the jti into the `mre_revoked_tokens` KV
 * bucket; every ingest node holds the set in memory from a watch on that bucket, so a
 * revocation reaches all of them within moments and checking a token costs no round trip.
 */
import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { ULID_PATTERN } from '../../shared/ids/index.ts';
import { createLogger } from '../../shared/log/index.ts';
import { openProvisionedBucket } from './open-bucket.ts';
import { BUCKETS } from './stream-specs.ts';

const log = createLogger('cloud:ingest');

/** What a revocation entry holds (the key is the jti). */
export interface Revocation {
  jti: string;
  revoked_at: string;
  reason?: string;
}

const MAX_REASON = 200;
const LOAD_TIMEOUT_MS = 15_000;
/** A watch that ends (the server restarted, the consumer was lost) is opened again after this. */
const REWATCH_MS = 1_000;

export async function revokeToken(nc: NatsConnection, jti: string, reason?: string): Promise<Revocation> {
  if (!ULID_PATTERN.test(jti)) throw new Error(`"${jti}" is not a token id: expected the 26-character id \`mre cloud token issue\` printed`);
  const kv = await openProvisionedBucket(nc, 'revokedTokens');
  const entry: Revocation = { jti, revoked_at: new Date().toISOString(), ...(reason ? { reason: reason.slice(0, MAX_REASON) } : {}) };
  await kv.put(jti, JSON.stringify(entry));
  return entry;
}

export class RevocationList {
  readonly #revoked = new Set<string>();
  #closed = false;
  #stopWatch: (() => void) | undefined;

  private constructor(private readonly kv: KV) {}

  /** Resolves once every revocation already in the bucket is known. */
  static async open(nc: NatsConnection): Promise<RevocationList> {
    const list = new RevocationList(await openProvisionedBucket(nc, 'revokedTokens'));
    await list.#watch();
    return list;
  }

  has(jti: string): boolean {
    return this.#revoked.has(jti);
  }

  get size(): number {
    return this.#revoked.size;
  }

  close(): void {
    this.#closed = true;
    this.#stopWatch?.();
  }

  #apply(entry: KvWatchEntry): void {
    if (entry.operation === 'PUT') this.#revoked.add(entry.key);
    else this.#revoked.delete(entry.key);
  }

  /** Watches the bucket; the promise resolves when the entries there at the start have all been seen. */
  async #watch(): Promise<void> {
    const empty = (await this.kv.status()).values === 0;
    const watch = await this.kv.watch();
    this.#stopWatch = () => watch.stop();
    let loaded!: () => void;
    const ready = new Promise<void>((resolve) => (loaded = resolve));
    if (empty) loaded();
    void (async () => {
      for await (const entry of watch) {
        this.#apply(entry);
        if (entry.isUpdate) loaded();
      }
      if (this.#closed) return;
      log.warn('revoked-token watch ended; watching again', { bucket: BUCKETS.revokedTokens });
      setTimeout(() => void this.#rewatch(), REWATCH_MS).unref();
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the revoked-token list did not load within ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS);
    });
    try {
      await Promise.race([ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #rewatch(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#watch();
    } catch (error) {
      log.warn('cannot watch revoked tokens yet; trying again', { err: error as Error });
      setTimeout(() => void this.#rewatch(), REWATCH_MS * 5).unref();
    }
  }
}
