/**
 * @module A race worker process: finds the tracks in the raw stream, takes its fair share of them
 * (tracks ÷ live workers, rounded up) through their leases, runs a TrackWorker for each, hands
 * one over when a new worker joins and it holds more than its share, and takes over the tracks
 * of a worker that stopped renewing its leases.
 */
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { ulid } from '../../shared/ids/index.ts';
import { createLogger } from '../../shared/log/index.ts';
import { openProvisionedBucket } from '../ingest/open-bucket.ts';
import { ProvisionError } from '../ingest/provision-error.ts';
import { OBJECT_STORES } from '../ingest/stream-specs.ts';
import type { RaceConfig } from './config.ts';
import { LeaseBook, type Lease } from './leases.ts';
import { emptyStats, type RaceStats } from './race-stats.ts';
import { StateStore } from './state-store.ts';
import { applyStep, type EngineStep } from './track-engine.ts';
import { TrackDiscovery } from './track-discovery.ts';
import { TrackOutput } from './track-output.ts';
import { TrackWorker } from './track-worker.ts';

const log = createLogger('cloud:race');

export interface RaceWorkerOptions {
  /** Default: a new ULID. Shows as the owner in each lease. */
  workerId?: string;
  /** The engine step; fault tests pass one that throws on a chosen envelope. */
  step?: EngineStep;
}

async function openStateStore(js: JetStreamClient): Promise<StateStore> {
  const os = await new Objm(js).open(OBJECT_STORES.raceState).catch((error: unknown) => {
    throw /not found/i.test((error as Error).message) ? new ProvisionError(`object store ${OBJECT_STORES.raceState} does not exist on the NATS server: run \`mre cloud provision\` first`) : error;
  });
  return new StateStore(os);
}

export class RaceWorker {
  readonly stats: RaceStats = emptyStats();
  readonly #tracks = new Map<string, TrackWorker>();
  #book!: LeaseBook;
  #discovery!: TrackDiscovery;
  #timer: NodeJS.Timeout | undefined;
  #balancing = false;
  #stopped = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly config: RaceConfig,
    private readonly store: StateStore,
    private readonly dedupe: KV,
    private readonly step: EngineStep,
    readonly workerId: string,
  ) {}

  static async start(nc: NatsConnection, config: RaceConfig, options: RaceWorkerOptions = {}): Promise<RaceWorker> {
    const js = jetstream(nc);
    const [jsm, store, dedupe, leases] = await Promise.all([jetstreamManager(nc), openStateStore(js), openProvisionedBucket(nc, 'dedupe'), openProvisionedBucket(nc, 'leases')]);
    const worker = new RaceWorker(nc, js, jsm, config, store, dedupe, options.step ?? applyStep, options.workerId ?? ulid());
    worker.#book = await LeaseBook.open(leases, worker.workerId, { ttlMs: config.lease_ttl_ms, heartbeatMs: config.heartbeat_ms }, (track) => void worker.#lost(track));
    worker.#discovery = new TrackDiscovery(jsm, config.discover_interval_ms, () => void worker.#balance());
    await worker.#discovery.start();
    worker.#timer = setInterval(() => void worker.#balance(), Math.min(config.heartbeat_ms, 500));
    worker.#timer.unref();
    await worker.#balance();
    log.info('race worker started', { worker: worker.workerId, tracks_seen: worker.#discovery.tracks.size, lease_ttl_ms: config.lease_ttl_ms });
    return worker;
  }

  /** Tracks this worker runs now. */
  /** Each owned track's consumer lag (messages not yet delivered to this worker). */
  lags(): Map<string, number> {
    return new Map([...this.#tracks].map(([trackId, track]) => [trackId, track.lag]));
  }

  owned(): string[] {
    return [...this.#tracks.keys()].sort();
  }

  /** Who holds each track's lease, as this worker last saw it. */
  ownerOf(trackId: string): string | null {
    return this.#book.ownerOf(trackId);
  }

  async #balance(): Promise<void> {
    if (this.#balancing || this.#stopped) return;
    this.#balancing = true;
    try {
      const tracks = [...new Set([...this.#discovery.tracks, ...this.#book.knownTracks()])].sort();
      const share = Math.ceil(tracks.length / this.#book.liveWorkers());
      for (const track of tracks) {
        if (this.#tracks.size >= share || this.#stopped) break;
        if (this.#tracks.has(track) || !this.#book.isFree(track)) continue;
        const lease = await this.#book.acquire(track);
        if (lease) this.#run(lease);
      }
      // One at a time, so the tracks spread out without all moving at once.
      if (this.#tracks.size > share && this.#book.liveWorkers() > 1) await this.#handOver(this.owned().at(-1)!);
    } finally {
      this.#balancing = false;
    }
  }

  #run(lease: Lease): void {
    const output = new TrackOutput(this.js, lease.trackId, () => this.nc.info?.max_payload ?? 1024 * 1024);
    const { config, store, dedupe, step, stats, js, jsm } = this;
    const track = new TrackWorker(lease.trackId, lease, { js, jsm, store, dedupe, step, config, output, stats, maxTries: config.max_tries, maxMarks: config.max_marks, maxAckPending: config.batch_size * 2 });
    this.#tracks.set(lease.trackId, track);
    void track.done.then(() => {
      if (this.#tracks.get(lease.trackId) !== track) return;
      this.#tracks.delete(lease.trackId);
      // Ended by itself (its lease ran out while NATS was away): the lease ends on its own too.
      this.#book.forget(lease);
    });
  }

  async #handOver(trackId: string): Promise<void> {
    const track = this.#tracks.get(trackId);
    if (!track) return;
    this.#tracks.delete(trackId);
    await track.stop('drain');
    await this.#book.release(track.lease);
    log.info('track handed over to a worker with fewer', { track_id: trackId, worker: this.workerId });
  }

  async #lost(trackId: string): Promise<void> {
    const track = this.#tracks.get(trackId);
    if (!track) return;
    this.#tracks.delete(trackId);
    await track.stop('abort');
  }

  health(): { worker: string; tracks: string[]; live_workers: number } & RaceStats {
    return { worker: this.workerId, tracks: this.owned(), live_workers: this.#book.liveWorkers(), ...this.stats };
  }

  /**
   * `release` (default): each track finishes its batch, saves its state and gives its lease up, so
   * another worker carries on at once. `release: false` stops as a crash would: nothing more is
   * published or saved and the leases run out by themselves (tests use it to play a dead worker).
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#discovery.stop();
    const tracks = [...this.#tracks.values()];
    this.#tracks.clear();
    if (options.release === false) {
      await this.#book.close({ announce: false });
      await Promise.all(tracks.map((t) => t.stop('abort')));
      return;
    }
    await Promise.all(
      tracks.map(async (t) => {
        await t.stop('drain');
        await this.#book.release(t.lease);
      }),
    );
    await this.#book.close();
    log.info('race worker stopped', { worker: this.workerId, handed_over: tracks.length });
  }
}
