/**
 * @module The read models in KV with a bounded cache in front: reads come from memory once a key has
 * been seen, and every write is compare-and-set on the revision read, so a second projection process
 * (or a sweep) that wrote in between makes the write fail with StaleModel instead of being overwritten.
 */
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';

interface Cached {
  value: unknown;
  /** 0: absent from the bucket (or deleted). */
  revision: number;
}

/** Another writer changed a model since it was read: read again and re-apply. */
export class StaleModel extends Error {
  constructor(readonly key: string) {
    super(`read model ${key} changed since it was read`);
    this.name = 'StaleModel';
  }
}

const isWrongSequence = (error: unknown) =>
  error instanceof JetStreamApiError && (error.code === JetStreamApiCodes.StreamWrongLastSequence || error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);

export class ModelStore {
  readonly #cache = new Map<string, Cached>();

  constructor(
    readonly kv: KV,
    /** Keys held in memory; the least recently used go first. Each is a few KiB at most. */
    private readonly maxCached = 20_000,
  ) {}

  /** Current values of `keys` (undefined when absent). */
  async load(keys: readonly string[]): Promise<Map<string, unknown>> {
    const missing = keys.filter((k) => !this.#cache.has(k));
    const fetched = await Promise.all(missing.map(async (key) => [key, await this.kv.get(key)] as const));
    for (const [key, entry] of fetched) {
      const present = entry !== null && entry.operation === 'PUT';
      this.#remember(key, { value: present ? entry.json() : undefined, revision: entry?.revision ?? 0 });
    }
    return new Map(keys.map((key) => [key, this.#touch(key)?.value]));
  }

  /**
   * Writes every value, each on the revision it was loaded at; resolves once all are stored. The
   * last key is written only after the others are: it marks the rest as done.
   */
  async write(writes: ReadonlyMap<string, unknown>): Promise<void> {
    const entries = [...writes];
    const last = entries.pop();
    await Promise.all(entries.map(([key, value]) => this.#put(key, value)));
    if (last) await this.#put(last[0], last[1]);
  }

  /** Forgets cached keys (all when none named), so the next load reads them from the bucket. */
  forget(keys?: Iterable<string>): void {
    if (!keys) this.#cache.clear();
    else for (const key of keys) this.#cache.delete(key);
  }

  async #put(key: string, value: unknown): Promise<void> {
    const known = this.#cache.get(key);
    if (!known) throw new Error(`read model ${key} written without being loaded first`);
    const data = JSON.stringify(value);
    let revision: number;
    try {
      revision = known.revision === 0 ? await this.kv.create(key, data) : await this.kv.update(key, data, known.revision);
    } catch (error) {
      this.#cache.delete(key);
      throw isWrongSequence(error) ? new StaleModel(key) : error;
    }
    this.#remember(key, { value, revision });
  }

  #touch(key: string): Cached | undefined {
    const entry = this.#cache.get(key);
    if (entry) {
      this.#cache.delete(key);
      this.#cache.set(key, entry);
    }
    return entry;
  }

  #remember(key: string, entry: Cached): void {
    this.#cache.delete(key);
    this.#cache.set(key, entry);
    while (this.#cache.size > this.maxCached) this.#cache.delete(this.#cache.keys().next().value!);
  }
}
