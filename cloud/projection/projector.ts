/**
 * @module The projection worker: takes race events one at a time from the durable consumer, applies
 * each to the read models (apply-event.ts) and acknowledges it once the models are stored. A message
 * that breaks the race-stream contract goes to `timing.dlq.v1.<track>` with the reason; a failed
 * store (NATS away, another writer first) is retried, and nothing after it is applied meanwhile.
 * Tracks listed live are swept to idle once nothing happened on them for `idle_after_ms`.
 */
import { jetstream, jetstreamManager, type ConsumerMessages, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { STREAMS, subjects } from '../../shared/contracts/subjects.ts';
import { createLogger, RateLimitedWarning } from '../../shared/log/index.ts';
import { SLO_METRICS, type MetricsRegistry } from '../../shared/metrics/index.ts';
import { openProvisionedBucket } from '../ingest/open-bucket.ts';
import { applyEvent, idleSummary, keysFor, type ApplyContext } from './apply-event.ts';
import type { ProjectionConfig } from './config.ts';
import { ensureProjectionConsumer, PROJECTION_CONSUMER } from './consumer.ts';
import { TRACK_SUMMARIES } from './keys.ts';
import { ModelStore, StaleModel } from './model-store.ts';
import type { TrackSummary } from './models.ts';
import { BadRaceEvent, readRaceEventMessage, trackOfSubject } from './race-event-message.ts';

const log = createLogger('cloud:projection');

/** Re-reads after another writer got in first, before the event is handed back to the server. */
const MAX_STALE_RETRIES = 5;
const RETRY_DELAY_MS = [1_000, 2_000, 5_000, 10_000];
/** Tracks a sweep looks at: far more than one cloud serves. */
const MAX_LIVE_TRACKS = 100_000;

export interface ProjectionStats {
  applied: number;
  /** Redelivered or replayed messages at or below a track's last applied sequence. */
  replayed: number;
  /** Republished events at or below their box boot's high-water mark. */
  duplicates: number;
  dead_lettered: number;
  /** Events handed back to the server after a failed store. */
  retried: number;
}

export interface ProjectorOptions {
  config: ProjectionConfig;
  /** µs since 1970 (tests move it). */
  now?: () => number;
  /** The process's metrics: capture → projection lag, duplicates suppressed, dead letters, consumer lag. */
  metrics?: MetricsRegistry;
}

export class Projector {
  readonly #stats: ProjectionStats = { applied: 0, replayed: 0, duplicates: 0, dead_lettered: 0, retried: 0 };
  readonly #live = new Set<string>();
  readonly #failures = new RateLimitedWarning(log, 'read models could not be stored; the event is retried', { tallyField: 'tracks' });
  #lagSeconds: number | null = null;
  #pending = 0;
  #observeLag: (seconds: number) => void = () => undefined;
  #messages: ConsumerMessages | undefined;
  #queue: Promise<void> = Promise.resolve();
  #sweep: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    readonly store: ModelStore,
    private readonly options: ProjectorOptions,
  ) {}

  static async start(nc: NatsConnection, options: ProjectorOptions): Promise<Projector> {
    await ensureProjectionConsumer(await jetstreamManager(nc), options.config.ack_wait_ms);
    const kv = await openProvisionedBucket(nc, 'readModels');
    const projector = new Projector(nc, jetstream(nc), new ModelStore(kv, options.config.max_cached_models), options);
    if (options.metrics) projector.#watch(options.metrics);
    await projector.#loadLiveTracks();
    projector.#running = projector.#run();
    projector.#sweep = setInterval(() => void projector.#serial(() => projector.#sweepIdle()), options.config.sweep_ms).unref();
    return projector;
  }

  stats(): ProjectionStats {
    return { ...this.#stats };
  }

  /** Capture on the box → read model stored, for the last event applied (`mre_capture_to_projection_seconds`); null before the first. */
  captureToProjectionSeconds(): number | null {
    return this.#lagSeconds;
  }

  /** Stops taking events; the one being applied is finished (and acknowledged) first. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#sweep);
    await this.#messages?.close();
    await this.#running;
    await this.#queue;
    this.#failures.stop();
  }

  #watch(metrics: MetricsRegistry): void {
    const lag = metrics.histogram(SLO_METRICS.captureToProjectionLag);
    this.#observeLag = (seconds) => lag.observe(seconds);
    const suppressed = metrics.mirroredCounter(SLO_METRICS.duplicatesSuppressed);
    const dead = metrics.mirroredCounter(SLO_METRICS.dlqMessages);
    const pending = metrics.gauge(SLO_METRICS.consumerLag);
    metrics.onCollect(() => {
      suppressed.set(this.#stats.duplicates + this.#stats.replayed, { stage: 'projection' });
      dead.set(this.#stats.dead_lettered, { role: 'projection', reason: 'contract' });
      // One consumer over every track: its backlog is the projection's, whatever the track.
      pending.set({ role: 'projection', track_id: 'all' }, this.#pending);
    });
  }

  #ctx(): ApplyContext {
    return { nowUs: this.options.now?.() ?? Date.now() * 1000, idleAfterUs: this.options.config.idle_after_ms * 1000 };
  }

  /** Messages and sweeps take turns, so a sweep never writes between an event's read and its write. */
  #serial(task: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(task, task);
    return this.#queue;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      try {
        const consumer = await this.js.consumers.get(STREAMS.raceEvents, PROJECTION_CONSUMER);
        this.#messages = await consumer.consume({ max_messages: 16 });
        if (this.#stopped) await this.#messages.close();
        for await (const msg of this.#messages) await this.#serial(() => this.#handle(msg));
      } catch (error) {
        if (this.#stopped) break;
        log.warn('projection consumer failed; starting it again', { err: error as Error });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        await ensureProjectionConsumer(await jetstreamManager(this.nc), this.options.config.ack_wait_ms).catch(() => undefined);
      }
    }
  }

  async #handle(msg: JsMsg): Promise<void> {
    let message;
    try {
      message = readRaceEventMessage(msg);
    } catch (error) {
      if (!(error instanceof BadRaceEvent)) throw error;
      await this.#deadLetter(msg, error.message);
      return;
    }
    const keys = keysFor(message);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = applyEvent(message, await this.store.load(keys), this.#ctx());
        if (outcome.kind === 'applied') {
          await this.store.write(outcome.writes);
          this.#stats.applied++;
          if (this.#live.size < MAX_LIVE_TRACKS) this.#live.add(message.trackId);
          if (message.capturedAtUs !== null) {
            this.#lagSeconds = Math.max(0, this.#ctx().nowUs - message.capturedAtUs) / 1e6;
            this.#observeLag(this.#lagSeconds);
          }
        } else this.#stats[outcome.kind === 'replayed' ? 'replayed' : 'duplicates']++;
        this.#pending = msg.info.pending;
        msg.ack();
        return;
      } catch (error) {
        this.store.forget(keys);
        if (error instanceof StaleModel && attempt < MAX_STALE_RETRIES) continue;
        this.#stats.retried++;
        this.#failures.add({ track_id: message.trackId, seq: message.seq, err: error as Error }, message.trackId);
        msg.nak(RETRY_DELAY_MS[Math.min(msg.info.deliveryCount, RETRY_DELAY_MS.length) - 1]);
        return;
      }
    }
  }

  async #deadLetter(msg: JsMsg, reason: string): Promise<void> {
    let track = 'invalid';
    try {
      track = trackOfSubject(msg.subject);
    } catch {
      // The subject filter lets only tokens through; kept apart all the same.
    }
    const h = natsHeaders();
    h.set('Mre-Dlq-Reason', reason.slice(0, 500));
    h.set('Mre-Dlq-Subject', msg.subject);
    h.set('Mre-Dlq-Seq', String(msg.seq));
    h.set('Mre-Dlq-Role', 'projection');
    try {
      await this.js.publish(subjects.dlq(track), msg.data, { headers: h });
    } catch (error) {
      log.warn('race event could not be dead-lettered; retried', { subject: msg.subject, seq: msg.seq, err: error as Error });
      msg.nak(RETRY_DELAY_MS[0]);
      return;
    }
    this.#stats.dead_lettered++;
    log.warn('race event breaks the race-stream contract, dead-lettered', { subject: msg.subject, seq: msg.seq, reason, dlq: subjects.dlq(track) });
    msg.term();
  }

  async #loadLiveTracks(): Promise<void> {
    for await (const key of await this.store.kv.keys(TRACK_SUMMARIES)) {
      if (this.#live.size >= MAX_LIVE_TRACKS) break;
      this.#live.add(key.slice('tracks.'.length));
    }
  }

  async #sweepIdle(): Promise<void> {
    const ctx = this.#ctx();
    for (const trackId of [...this.#live]) {
      if (this.#stopped) return;
      const key = `tracks.${trackId}`;
      try {
        const summary = (await this.store.load([key])).get(key) as TrackSummary | undefined;
        const idle = summary ? idleSummary(summary, ctx) : null;
        if (idle) await this.store.write(new Map([[key, idle]]));
        if (!summary || idle || summary.status === 'idle') this.#live.delete(trackId);
      } catch (error) {
        // The next sweep tries again; a stale read is simply read again then.
        this.store.forget([key]);
        if (!(error instanceof StaleModel)) this.#failures.add({ track_id: trackId, err: error as Error }, trackId);
      }
    }
  }
}
