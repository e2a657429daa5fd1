/**
 * @module One track served by the gateway: its race snapshots read, then one ordered consumer on
 * `timing.race.events.v1.<track>` whose events move the track model and are fanned out through the
 * live hub to every client of the track in this process.
 *
 * The hand-over: the consumer starts `handover_margin_ms` before the newest snapshot was stored (or
 * before now, with none), so it begins at or before the first event any snapshot lacks. Events the
 * snapshots already hold are applied again, which sets what they held (track-model.ts). Nothing is
 * fanned out and no client is let in until the consumer has caught up with the stream; from then on
 * each event is applied to the model and fanned out in the same step, so a client's snapshot holds
 * exactly the events before it and the feed exactly those after: none lost, none twice.
 */
import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { LiveChannel } from '../../shared/contracts/live.ts';
import { raceCoalesceKey, type LiveHub, type LiveTrack } from '../../shared/live/index.ts';
import type { Logger } from '../../shared/log/index.ts';
import type { DerivedEvent } from '../../shared/race/index.ts';
import { BadRaceEvent, parseDerivedEvent } from '../projection/race-event-message.ts';
import { EventFollower } from './event-follower.ts';
import { loadTrackSnapshots } from './snapshot-loader.ts';
import { TrackModel } from './track-model.ts';

export interface TrackFeedDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  hub: LiveHub;
  log: Logger;
  handoverMarginMs: number;
  readyTimeoutMs: number;
  maxEventsPerTrack: number;
  /** Called once the feed stops by itself (the events stream is gone). */
  onEnd: (feed: TrackFeed) => void;
  /** Stored in the stream → handed to the hub, ms, per event fanned out. */
  onStreamToHub?: (delayMs: number) => void;
}

/** The gateway has no decoder records (race workers publish derived events only): the channel stays empty. */
const EMPTY_DECODER = { status: null, passings: [] };

export class TrackFeed {
  readonly model: TrackModel;
  #track: LiveTrack | null = null;
  #follower: EventFollower | undefined;
  #live = false;
  #closed = false;
  #applied = 0;

  private constructor(
    readonly trackId: string,
    private readonly deps: TrackFeedDeps,
  ) {
    this.model = new TrackModel(trackId, deps.maxEventsPerTrack);
  }

  /** Reads the snapshots, starts the consumer, and resolves once it has caught up and the hub serves the track. */
  static async open(trackId: string, deps: TrackFeedDeps): Promise<TrackFeed> {
    const feed = new TrackFeed(trackId, deps);
    try {
      await feed.#start();
    } catch (error) {
      await feed.close();
      throw error;
    }
    return feed;
  }

  /** The hub's handle, for counting clients. */
  get track(): LiveTrack | null {
    return this.#track;
  }

  /** The ordered consumer's name on the events stream (for tests and logs). */
  get consumerName(): string | undefined {
    return this.#follower?.consumerName;
  }

  get applied(): number {
    return this.#applied;
  }

  /** Stops the consumer, deletes it on the server, and stops serving the track (its clients, if any, are told so). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#track?.close();
    await this.#follower?.close();
  }

  async #start(): Promise<void> {
    const { jsm, log } = this.deps;
    const { snapshots, newestStoredMs } = await loadTrackSnapshots(jsm, this.trackId, this.deps.maxEventsPerTrack, log);
    this.model.seed(snapshots);
    const startMs = Math.min(Date.now(), newestStoredMs ?? Date.now()) - this.deps.handoverMarginMs;
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    this.#follower = new EventFollower(this.trackId, { ...this.deps, onGone: (reason) => void this.#end(reason) }, (msg) => {
      this.#handle(msg);
      if (!this.#live && msg.info.pending === 0) caughtUp();
    });
    const started = await this.#follower.start(startMs);
    if (started.pending === 0) caughtUp();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`track ${this.trackId}: the race events did not catch up within ${this.deps.readyTimeoutMs} ms`)), this.deps.readyTimeoutMs);
    });
    try {
      await Promise.race([ready, late]);
    } finally {
      clearTimeout(timer);
    }
    if (this.#closed) throw new Error(`track ${this.trackId}: the feed closed while starting`);
    this.#track = this.deps.hub.serve(this.trackId, { snapshot: (channel, eventId) => this.#snapshot(channel, eventId) });
    this.#live = true;
    log.debug('live track feed started', { track_id: this.trackId, snapshots: snapshots.length, replayed: this.#applied, consumer: started.consumerName });
  }

  #snapshot(channel: LiveChannel, eventId: string | null): Record<string, unknown> {
    return channel === 'race' ? { ...this.model.snapshot(eventId) } : EMPTY_DECODER;
  }

  async #end(reason: string): Promise<void> {
    if (this.#closed) return;
    this.deps.log.warn('race events stream gone, track feed closed', { track_id: this.trackId, reason });
    await this.close();
    this.deps.onEnd(this);
  }

  #handle(msg: JsMsg): void {
    let event: DerivedEvent;
    try {
      event = parseDerivedEvent(msg.string());
    } catch (error) {
      if (!(error instanceof BadRaceEvent)) throw error;
      this.deps.log.warn('race event breaks the race-stream contract, not fanned out', { track_id: this.trackId, seq: msg.seq, reason: error.message });
      return;
    }
    this.model.apply(event);
    this.#applied++;
    if (!this.#live || !this.#track) return;
    const key = raceCoalesceKey(event);
    this.#track.publish({ channel: 'race', event_id: event.event_id, payload: event as unknown as Record<string, unknown>, ...(key ? { coalesce_key: key } : {}) });
    this.deps.onStreamToHub?.(Date.now() - msg.info.timestampNanos / 1e6);
  }
}
