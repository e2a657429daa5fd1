/** @module The LiveRC store on JetStream: one KV bucket per record type, raw pages in an object store, upserts that never delete. */
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { Objm, type ObjectStore } from '@nats-io/obj';
import { listKeys } from '../matching/kv-json.ts';

export const BUCKETS = {
  tracks: 'liverc_tracks',
  events: 'liverc_events',
  drivers: 'liverc_drivers',
  entries: 'liverc_entries',
  races: 'liverc_races',
  raceDrivers: 'liverc_race_drivers',
  results: 'liverc_results',
  laps: 'liverc_laps',
  locks: 'liverc_locks',
} as const;

export type BucketName = keyof typeof BUCKETS;
export const PAGES_BUCKET = 'liverc_pages';

export interface StoreOptions {
  /** Per bucket, bytes. Test servers have little disk; production sizes come from config. */
  maxBytes?: number;
  /** A lock not renewed for this long expires: a holder renews it every third of it while it works. */
  lockTtlMs?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class LiveRcStore {
  private constructor(
    private readonly kvs: Record<BucketName, KV>,
    private readonly pages: ObjectStore,
    private readonly jsm: JetStreamManager,
    readonly lockTtlMs: number,
  ) {}

  static async open(nc: NatsConnection, options: StoreOptions = {}): Promise<LiveRcStore> {
    const js = jetstream(nc);
    const kvm = new Kvm(js);
    const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    const kvs = {} as Record<BucketName, KV>;
    for (const [name, bucket] of Object.entries(BUCKETS) as [BucketName, string][]) {
      // Lock entries expire with the bucket's max age; nanoseconds in the v3 client's ttl (ms).
      const ttl = name === 'locks' ? (options.lockTtlMs ?? 60_000) : 0;
      kvs[name] = await kvm.create(bucket, { history: 1, max_bytes: maxBytes, ...(ttl ? { ttl } : {}) });
    }
    const pages = await new Objm(js).create(PAGES_BUCKET, { max_bytes: maxBytes });
    return new LiveRcStore(kvs, pages, await jetstreamManager(nc), options.lockTtlMs ?? 60_000);
  }

  kv(bucket: BucketName): KV {
    return this.kvs[bucket];
  }

  async get<T>(bucket: BucketName, key: string): Promise<T | null> {
    const entry = await this.kvs[bucket].get(key);
    if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) return null;
    return JSON.parse(decoder.decode(entry.value)) as T;
  }

  /** Writes only when the value changed: importing twice leaves the store as it was, revisions included. */
  async upsert<T>(bucket: BucketName, key: string, value: T): Promise<boolean> {
    const text = JSON.stringify(value);
    const entry = await this.kvs[bucket].get(key);
    if (entry && entry.operation === 'PUT' && decoder.decode(entry.value) === text) return false;
    await this.kvs[bucket].put(key, encoder.encode(text));
    return true;
  }

  /**
   * Keys matching a NATS subject filter, e.g. `486677.*` for one event's races; deleted keys may
   * be among them (reading one gives null). One stream-info snapshot, not `kv.keys()`, which can
   * repeat a key and never end while an import rewrites keys under the same filter.
   */
  async keys(bucket: BucketName, filter = '>'): Promise<string[]> {
    return listKeys({ name: BUCKETS[bucket], kv: this.kvs[bucket], jsm: this.jsm }, filter);
  }

  async values<T>(bucket: BucketName, filter = '>'): Promise<T[]> {
    const out: T[] = [];
    for (const key of await this.keys(bucket, filter)) {
      const value = await this.get<T>(bucket, key);
      if (value !== null) out.push(value);
    }
    return out;
  }

  async putPage(name: string, html: string): Promise<void> {
    await this.pages.putBlob({ name }, encoder.encode(html));
  }

  async getPage(name: string): Promise<string | null> {
    const blob = await this.pages.getBlob(name);
    return blob ? decoder.decode(blob) : null;
  }

  /** Takes a named lock; false when someone holds it (and it has not expired). */
  async tryLock(name: string, owner: string): Promise<boolean> {
    try {
      await this.kvs.locks.create(name, encoder.encode(owner));
      return true;
    } catch {
      return false;
    }
  }

  /** Keeps a held lock from expiring (the bucket's max age counts from the last write). */
  async renewLock(name: string, owner: string): Promise<void> {
    await this.kvs.locks.put(name, encoder.encode(owner));
  }

  /** Who holds a lock, as they wrote it; null when nobody does. */
  async lockOwner(name: string): Promise<string | null> {
    const entry = await this.kvs.locks.get(name);
    return entry && entry.operation === 'PUT' ? decoder.decode(entry.value) : null;
  }

  async unlock(name: string): Promise<void> {
    await this.kvs.locks.delete(name);
  }
}
