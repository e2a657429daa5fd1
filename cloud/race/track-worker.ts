/**
 * @module One track in a race worker while it holds the track's lease: envelopes from the track's
 * consumer in order, deduped, through the engine; after each batch its derived events, then the
 * live snapshot of each event it touched, then the dedupe marks, then the acks; the engine state
 * saved now and then. Any fault starts the track again from its saved state.
 */
import type { JsMsg } from '@nats-io/jetstream';
import { idempotencyKey, type Envelope, type RaceSnapshotMessage } from '../../shared/contracts/index.ts';
import { createLogger, RateLimitedWarning } from '../../shared/log/index.ts';
import { raceChannelSnapshot, type DerivedEvent } from '../../shared/race/index.ts';
import type { RaceConfig } from './config.ts';
import type { Lease } from './leases.ts';
import type { RaceStats } from './race-stats.ts';
import type { StateStore } from './state-store.ts';
import type { TrackOutput } from './track-output.ts';
import { openSession, readEnvelope, type Session, type SessionDeps } from './track-session.ts';

const log = createLogger('cloud:race');

/** The shortest pull the client allows; an idle track costs one request a second. */
const FETCH_EXPIRES_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;

/** nats.js ends a pull whose idle heartbeats stopped coming with this error (it has no code of its own). */
const missedHeartbeats = (error: unknown) => error instanceof Error && /heartbeats missed/i.test(error.message);

/** Stops the batch: nothing of it is published; the track starts again from its saved state (or stops). */
class Interrupt extends Error {
  override name = 'Interrupt';
}

interface Pending {
  msgs: JsMsg[];
  events: { event: DerivedEvent; body: string; envelope: Envelope }[];
  dead: { msg: JsMsg; reason: string; tries: number }[];
  /** Events whose snapshot is due; kept while publishing is held back. */
  touched: Set<string>;
  through: string | null;
}

const emptyPending = (touched = new Set<string>()): Pending => ({ msgs: [], events: [], dead: [], touched, through: null });

export interface TrackWorkerDeps extends SessionDeps {
  config: RaceConfig;
  store: StateStore;
  output: TrackOutput;
  stats: RaceStats;
}

export class TrackWorker {
  #state: 'running' | 'draining' | 'aborted' = 'running';
  /** Read through a call: the state changes while the loops await, which narrowing cannot see. */
  #now(): 'running' | 'draining' | 'aborted' {
    return this.#state;
  }
  #stopFetch: (() => void) | undefined;
  /** Messages the track's consumer still held after the last one taken: its lag, for /metrics. */
  lag = 0;
  readonly done: Promise<void>;
  readonly #oversize = new RateLimitedWarning(log, 'live snapshot larger than the NATS max_payload; not published');
  readonly #unsaved = new RateLimitedWarning(log, 'race state not saved; a takeover replays more until a save succeeds');

  constructor(
    readonly trackId: string,
    readonly lease: Lease,
    private readonly deps: TrackWorkerDeps,
  ) {
    this.done = this.#run();
  }

  /** `drain`: finish the batch, save the state, then stop (handing over). `abort`: stop now, publishing nothing more. */
  stop(how: 'drain' | 'abort'): Promise<void> {
    if (this.#state === 'running' || how === 'abort') this.#state = how === 'drain' ? 'draining' : 'aborted';
    this.#stopFetch?.();
    return this.done;
  }

  get #active(): boolean {
    return this.#state !== 'aborted' && this.lease.held;
  }

  async #run(): Promise<void> {
    let backoff = 250;
    while (this.#state === 'running' && this.lease.held) {
      try {
        const { session, fromSaved } = await openSession(this.trackId, this.deps);
        this.deps.stats.resumes++;
        log.info('track taken up', { track_id: this.trackId, from_raw_seq: session.committedSeq, saved_state: fromSaved, republish_held_back: session.suppress !== null });
        await this.#pump(session);
        if (this.#now() === 'draining' && this.lease.held) await this.#save(session, true);
        backoff = 250;
      } catch (error) {
        if (!this.#active || this.#now() === 'draining') break;
        log.warn('track stopped on a fault; starting again from its saved state', { track_id: this.trackId, retry_ms: backoff, err: error as Error });
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
    this.#oversize.stop();
    this.#unsaved.stop();
  }

  async #pump(s: Session): Promise<void> {
    const { batch_size } = this.deps.config;
    const pending = emptyPending();
    while (this.#state === 'running' && this.lease.held) {
      // A pull outlives the request for its expiry: none may still be open when another worker may take over.
      if (this.lease.remainingMs() < FETCH_EXPIRES_MS * 2) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      const messages = await s.consumer.fetch({ max_messages: batch_size * 2, expires: FETCH_EXPIRES_MS });
      this.#stopFetch = () => messages.stop();
      try {
        for await (const msg of messages) {
          await this.#take(s, pending, msg);
          if (pending.msgs.length >= batch_size || messages.getPending() === 0) {
            await this.#commit(s, pending);
            await this.#save(s, false);
          }
          if (this.#now() !== 'running') {
            messages.stop();
            break;
          }
        }
      } catch (error) {
        // A second without a word from the server (a loaded machine, an election) ends the pull, not
        // the consumer: the next pull goes on. Had a delivery gone to the abandoned pull, the
        // delivery-sequence check sees the gap and takes the track up again.
        if (!missedHeartbeats(error)) throw error;
        log.debug('track pull missed its heartbeats; pulling again', { track_id: this.trackId });
      }
      await this.#commit(s, pending);
      await this.#save(s, false);
    }
  }

  async #take(s: Session, pending: Pending, msg: JsMsg): Promise<void> {
    const { deliverySequence, redelivered } = msg.info;
    this.lag = msg.info.pending;
    if (deliverySequence !== s.lastDelivery + 1) throw new Interrupt(`delivery ${s.lastDelivery + 1} of the track's consumer went elsewhere (next seen: ${deliverySequence})`);
    s.lastDelivery = deliverySequence;
    pending.msgs.push(msg);
    if (msg.seq <= s.takenSeq) return;
    if (redelivered) throw new Interrupt(`raw message ${msg.seq} came back redelivered before this worker saw it`);
    s.takenSeq = msg.seq;
    const stats = this.deps.stats;
    let envelope: Envelope;
    try {
      envelope = readEnvelope(msg.string(), this.trackId);
    } catch (error) {
      // Reading the same bytes again fails the same way: one try.
      pending.dead.push({ msg, reason: (error as Error).message, tries: 1 });
      return this.#endHoldBack(s, msg.seq);
    }
    if (await s.marks.isDuplicate(envelope, msg.seq)) {
      stats.duplicates++;
      return this.#endHoldBack(s, msg.seq);
    }
    const applied = s.engine.apply(envelope);
    s.marks.advance(envelope, msg.seq);
    stats.envelopes++;
    pending.through = idempotencyKey(envelope);
    if (applied.failure) pending.dead.push({ msg, reason: `race engine failed: ${applied.failure.reason}`, tries: applied.failure.tries });
    for (const event of this.#toPublish(s, envelope, applied.events, msg.seq)) {
      const body = JSON.stringify(event);
      if (!this.deps.output.fits(body)) {
        pending.dead.push({ msg, reason: `derived event ${event.id} (${event.type}) is ${Buffer.byteLength(body)} bytes, more than the NATS max_payload`, tries: 1 });
        continue;
      }
      pending.events.push({ event, body, envelope });
      if (event.event_id !== null) pending.touched.add(event.event_id);
    }
    // An archived event has left the engine; its last snapshot stays as its final one.
    for (const gone of applied.archived) pending.touched.delete(gone.event.event_id);
    this.#endHoldBack(s, msg.seq);
  }

  /** While re-applying what the last owner published, events up to its last one are not published again. */
  #toPublish(s: Session, envelope: Envelope, events: DerivedEvent[], rawSeq: number): DerivedEvent[] {
    const held = s.suppress;
    if (!held) return events;
    if (rawSeq > held.untilRawSeq) {
      s.suppress = null;
      return events;
    }
    if (idempotencyKey(envelope) !== held.sourceKey) return [];
    s.suppress = null;
    const last = events.findIndex((e) => e.id === held.eventId);
    return last < 0 ? events : events.slice(last + 1);
  }

  #endHoldBack(s: Session, rawSeq: number): void {
    if (s.suppress && rawSeq >= s.suppress.untilRawSeq) s.suppress = null;
  }

  #assertActive(): void {
    if (!this.#active) throw new Interrupt(this.lease.held ? 'stopped' : 'the track lease ended');
  }

  async #commit(s: Session, pending: Pending): Promise<void> {
    if (pending.msgs.length === 0) return;
    this.#assertActive();
    const { output, stats } = this.deps;
    await Promise.all([...pending.events.map((e) => output.event(e.event, e.body, e.envelope)), ...pending.dead.map((d) => output.deadLetter(d.msg, d.reason, d.tries))]);
    stats.events += pending.events.length;
    stats.dead_lettered += pending.dead.length;
    for (const d of pending.dead) log.warn('envelope dead-lettered', { track_id: this.trackId, raw_seq: d.msg.seq, tries: d.tries, reason: d.reason.slice(0, 200) });
    if (pending.through !== null) s.through = pending.through;
    if (!s.suppress) await this.#publishSnapshots(s, pending.touched);
    await s.marks.flush();
    const last = pending.msgs.at(-1)!;
    for (const msg of pending.msgs) if (msg !== last) msg.ack();
    await last.ackAck();
    s.committedSeq = s.takenSeq;
    if (s.marks.gaps > 0) log.warn('envelopes skipped ahead of their boot\'s seq: some never reached the cloud', { track_id: this.trackId, count: s.marks.gaps });
    stats.gaps += s.marks.gaps;
    s.marks.gaps = 0;
    Object.assign(pending, emptyPending(s.suppress ? pending.touched : new Set()));
  }

  async #publishSnapshots(s: Session, touched: Set<string>): Promise<void> {
    const engine = s.engine.engine;
    const current = engine.currentEventId();
    const publishes = [];
    for (const eventId of touched) {
      const message: RaceSnapshotMessage = { track_id: this.trackId, event_id: eventId, current_event_id: current, through: s.through ?? '', snapshot: { ...raceChannelSnapshot(engine, eventId) }, published_at_us: Date.now() * 1000 };
      const body = JSON.stringify(message);
      if (this.deps.output.fits(body)) publishes.push(this.deps.output.snapshot(message, body));
      else this.#oversize.add({ track_id: this.trackId, event_id: eventId, bytes: Buffer.byteLength(body) });
    }
    await Promise.all(publishes);
    this.deps.stats.snapshots_published += publishes.length;
  }

  /** Saves the engine state with the marks and position it covers, when enough has changed (or `force`). */
  async #save(s: Session, force: boolean): Promise<void> {
    const { snapshot_every, snapshot_interval_ms } = this.deps.config;
    if (s.committedSeq === s.savedSeq) return;
    const due = s.engine.sinceCheckpoint >= snapshot_every || performance.now() - s.savedAt >= snapshot_interval_ms;
    if (!force && !due) return;
    this.#assertActive();
    const state = s.engine.checkpoint();
    s.savedAt = performance.now();
    try {
      const bytes = await this.deps.store.save(this.trackId, { track_id: this.trackId, raw_seq: s.committedSeq, through: s.through, marks: s.marks.entries() }, state);
      s.savedSeq = s.committedSeq;
      this.deps.stats.states_saved++;
      log.debug('race state saved', { track_id: this.trackId, raw_seq: s.committedSeq, bytes });
    } catch (error) {
      this.#unsaved.add({ track_id: this.trackId, err: error as Error });
    }
  }
}
