/**
 * @module One owner per track: leases in the `mre_leases` KV bucket (`race.track.<track_id>`),
 * renewed by compare-and-set on their revision, and taken over by compare-and-set once nobody
 * has renewed one for the lease time. Workers announce themselves there too
 * (`race.worker.<id>`), so each can take its fair share of the tracks.
 *
 * Time is measured only on each worker's own monotonic clock: the owner counts its lease from
 * when it sent the renewal, a taker from when it saw the last revision, so the owner's lease
 * always ends before anyone may take the track, whatever the machines' wall clocks say.
 */
import type { KV, KvWatchEntry } from '@nats-io/kv';
import { hostname } from 'node:os';
import { createLogger, monotonicMs } from '../../shared/log/index.ts';

const log = createLogger('cloud:race');

const TRACK = 'race.track.';
const WORKER = 'race.worker.';
const LOAD_TIMEOUT_MS = 15_000;
/** A watch that ends (the server restarted, its consumer was lost) is opened again after this. */
const REWATCH_MS = 1_000;

export interface LeaseTiming {
  ttlMs: number;
  heartbeatMs: number;
}

export class Lease {
  #deadline: number;
  #lost = false;

  constructor(
    readonly trackId: string,
    public rev: number,
    sentAt: number,
    private readonly ttlMs: number,
  ) {
    this.#deadline = this.#deadlineFrom(sentAt);
  }

  /** A quarter of the lease is kept back, for the publishes already under way when it ends. */
  #deadlineFrom(sentAt: number): number {
    return sentAt + this.ttlMs - this.ttlMs / 4;
  }

  renewed(rev: number, sentAt: number): void {
    this.rev = rev;
    this.#deadline = this.#deadlineFrom(sentAt);
  }

  lose(): void {
    this.#lost = true;
  }

  /** How long this worker may still act for the track. */
  remainingMs(): number {
    return this.#lost ? 0 : this.#deadline - monotonicMs();
  }

  get held(): boolean {
    return this.remainingMs() > 0;
  }
}

interface Seen {
  rev: number;
  owner: string | null;
  /** When this worker first saw that revision. */
  at: number;
}

export class LeaseBook {
  readonly #tracks = new Map<string, Seen>();
  readonly #workers = new Map<string, number>();
  readonly #held = new Map<string, Lease>();
  #timer: NodeJS.Timeout | undefined;
  #stopWatch: (() => void) | undefined;
  #closed = false;
  /** A renewal still under way when the next is due must not race it: both would send the same revision. */
  #beating = false;

  private constructor(
    private readonly kv: KV,
    readonly workerId: string,
    private readonly timing: LeaseTiming,
    private readonly onLost: (trackId: string) => void,
  ) {}

  /** Announces this worker, then resolves once every lease and worker already in the bucket is known. */
  static async open(kv: KV, workerId: string, timing: LeaseTiming, onLost: (trackId: string) => void): Promise<LeaseBook> {
    const book = new LeaseBook(kv, workerId, timing, onLost);
    const ownRev = await book.#announce();
    await book.#watch(ownRev);
    book.#timer = setInterval(() => void book.#heartbeat(), timing.heartbeatMs);
    book.#timer.unref();
    return book;
  }

  #value(): string {
    return JSON.stringify({ worker: this.workerId, host: hostname(), pid: process.pid, at: new Date().toISOString() });
  }

  #announce(): Promise<number> {
    return this.kv.put(`${WORKER}${this.workerId}`, this.#value());
  }

  async #watch(ownRev: number): Promise<void> {
    const watch = await this.kv.watch({ key: 'race.>' });
    this.#stopWatch = () => watch.stop();
    let loaded!: () => void;
    const ready = new Promise<void>((resolve) => (loaded = resolve));
    void (async () => {
      for await (const entry of watch) {
        this.#see(entry);
        if (entry.revision >= ownRev) loaded();
      }
      if (this.#closed) return;
      log.warn('lease watch ended; watching again', { retry_ms: REWATCH_MS });
      setTimeout(() => void this.#rewatch(), REWATCH_MS).unref();
    })();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the track leases did not load within ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS)));
    await Promise.race([ready, late]).finally(() => clearTimeout(timer));
  }

  async #rewatch(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#watch(0);
    } catch (error) {
      log.warn('cannot watch the track leases yet; trying again', { err: error as Error });
      setTimeout(() => void this.#rewatch(), REWATCH_MS * 5).unref();
    }
  }

  #see(entry: KvWatchEntry): void {
    const now = monotonicMs();
    if (entry.key.startsWith(WORKER)) {
      const id = entry.key.slice(WORKER.length);
      if (entry.operation === 'PUT') this.#workers.set(id, now);
      else this.#workers.delete(id);
      return;
    }
    if (!entry.key.startsWith(TRACK)) return;
    let owner: string | null = null;
    if (entry.operation === 'PUT') {
      try {
        owner = String(entry.json<{ worker: unknown }>().worker);
      } catch {
        owner = 'unknown';
      }
    }
    this.#tracks.set(entry.key.slice(TRACK.length), { rev: entry.revision, owner, at: now });
  }

  /** Tracks that have, or had, a lease. */
  knownTracks(): string[] {
    return [...this.#tracks.keys()];
  }

  /** Workers heard from within the lease time, this one included. */
  liveWorkers(): number {
    const since = monotonicMs() - this.timing.ttlMs;
    let live = 0;
    for (const [id, at] of this.#workers) if (at >= since || id === this.workerId) live++;
    return Math.max(live, 1);
  }

  ownerOf(trackId: string): string | null {
    return this.#tracks.get(trackId)?.owner ?? null;
  }

  /** Released, never leased, or not renewed for the lease time. */
  isFree(trackId: string): boolean {
    const seen = this.#tracks.get(trackId);
    return !seen || seen.owner === null || monotonicMs() - seen.at > this.timing.ttlMs;
  }

  /** Takes the track if it is free and nobody else takes it first (the revision decides); null otherwise. */
  async acquire(trackId: string): Promise<Lease | null> {
    if (this.#closed || this.#held.has(trackId) || !this.isFree(trackId)) return null;
    const seen = this.#tracks.get(trackId);
    const key = `${TRACK}${trackId}`;
    const sentAt = monotonicMs();
    try {
      const rev = seen?.owner ? await this.kv.update(key, this.#value(), seen.rev) : await this.kv.create(key, this.#value());
      const lease = new Lease(trackId, rev, sentAt, this.timing.ttlMs);
      this.#held.set(trackId, lease);
      if (seen?.owner) log.info('track taken over: its owner stopped renewing', { track_id: trackId, from: seen.owner });
      return lease;
    } catch (error) {
      log.debug('track lease not taken', { track_id: trackId, err: error as Error });
      return null;
    }
  }

  /** Gives the track up (after its worker stopped), so another worker takes it at once rather than after the lease time. */
  async release(lease: Lease): Promise<void> {
    if (this.#held.get(lease.trackId) !== lease) return;
    this.#held.delete(lease.trackId);
    const wasHeld = lease.held;
    lease.lose();
    if (!wasHeld) return;
    await this.kv.delete(`${TRACK}${lease.trackId}`, { previousSeq: lease.rev }).catch((error: unknown) => {
      log.warn('track lease not released; it ends by itself after the lease time', { track_id: lease.trackId, err: error as Error });
    });
  }

  /** Stops tracking a lease this worker can no longer use (its time ran out) without writing anything. */
  forget(lease: Lease): void {
    if (this.#held.get(lease.trackId) === lease) this.#held.delete(lease.trackId);
    lease.lose();
  }

  get held(): ReadonlyMap<string, Lease> {
    return this.#held;
  }

  async #heartbeat(): Promise<void> {
    if (this.#closed || this.#beating) return;
    this.#beating = true;
    try {
      await this.#announce().catch((error: unknown) => log.debug('worker heartbeat not written', { err: error as Error }));
      await Promise.all([...this.#held.values()].map((lease) => this.#renew(lease)));
    } finally {
      this.#beating = false;
    }
  }

  async #renew(lease: Lease): Promise<void> {
    const sentAt = monotonicMs();
    try {
      lease.renewed(await this.kv.update(`${TRACK}${lease.trackId}`, this.#value(), lease.rev), sentAt);
    } catch (error) {
      if (this.#held.get(lease.trackId) !== lease) return;
      const conflict = (error as { code?: number }).code === 10071 || /wrong last sequence/i.test((error as Error).message);
      if (!conflict && lease.held) {
        log.warn('track lease not renewed; trying again', { track_id: lease.trackId, left_ms: Math.round(lease.remainingMs()), err: error as Error });
        return;
      }
      log.warn(conflict ? 'track lease lost: another worker holds it' : 'track lease ran out before it could be renewed', { track_id: lease.trackId });
      this.forget(lease);
      this.onLost(lease.trackId);
    }
  }

  /** Stops renewing; held leases must have been released (or are left to run out). `announce: false` leaves the worker's entry to age out, as a crash would. */
  async close(options: { announce?: boolean } = {}): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#stopWatch?.();
    if (options.announce !== false) await this.kv.delete(`${WORKER}${this.workerId}`).catch(() => undefined);
  }
}
