/**
 * @module Follows one track's subject of the race events stream in order with an ordered consumer,
 * and replaces that consumer when it stalls or fails, starting right after the last message handed
 * on: none lost, none twice.
 *
 * Why not leave recovery to the client library: an ordered consumer is one replica, on one node.
 * When that node dies, nats.js 3.3 waits for the pull expiry before looking again, then recreates
 * the consumer but pulls with its old, never-answered batch still counted as pending — a pull of
 * zero messages — and the feed stays silent while the stream moves on (seen with a node of a
 * three-node cluster killed with -9; tests/cloud/e2e/cluster.test.ts). So the follower checks the
 * server itself: quiet for a whole check interval while the subject holds a later message, twice
 * in a row, is a stall.
 */
import { DeliverPolicy, JetStreamApiCodes, JetStreamApiError, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { STREAMS, subjects } from '../../shared/contracts/subjects.ts';
import type { Logger } from '../../shared/log/index.ts';

/** How often a quiet follower asks the server whether it missed something; an idle track costs one request per interval. */
export const STALL_CHECK_MS = 2_000;
const MAX_MESSAGES = 256;

export interface FollowerDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  log: Logger;
  checkMs?: number;
  /** The events stream no longer exists: nothing will ever be delivered (the caller ends the feed). */
  onGone: (reason: string) => void;
}

export interface FollowStart {
  consumerName: string;
  /** Messages waiting for the first consumer when it was made. */
  pending: number;
}

export class EventFollower {
  readonly #subject: string;
  #messages: ConsumerMessages | undefined;
  #consumerName: string | undefined;
  /** Stream sequence of the last message handed on (or the one before the start). */
  #lastSeq = 0;
  #seqAtLastCheck = -1;
  #behind = false;
  #timer: NodeJS.Timeout | undefined;
  #replacing = false;
  #closed = false;
  #replacements = 0;

  constructor(
    readonly trackId: string,
    private readonly deps: FollowerDeps,
    private readonly onMessage: (msg: JsMsg) => void,
  ) {
    this.#subject = subjects.raceEvents(trackId);
  }

  get consumerName(): string | undefined {
    return this.#consumerName;
  }

  /** Consumers made after the first because one stalled or failed. */
  get replacements(): number {
    return this.#replacements;
  }

  /** Starts with the first message stored at or after `startMs` (server time, ms). */
  async start(startMs: number): Promise<FollowStart> {
    const consumer = await this.deps.js.consumers.get(STREAMS.raceEvents, { filter_subjects: this.#subject, deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(startMs).toISOString() });
    const info = await consumer.info(true);
    // The server reports the sequence before the first one it will deliver.
    this.#lastSeq = info.delivered.stream_seq;
    this.#consumerName = info.name;
    this.#messages = await consumer.consume({ max_messages: MAX_MESSAGES });
    void this.#pump(this.#messages);
    const every = this.deps.checkMs ?? STALL_CHECK_MS;
    this.#timer = setInterval(() => void this.#check(), every);
    this.#timer.unref();
    return { consumerName: info.name, pending: info.num_pending };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#messages?.close().catch(() => undefined);
    await this.#deleteConsumer(this.#consumerName);
  }

  async #pump(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const msg of messages) {
        if (messages !== this.#messages) break;
        // The ordered consumer already drops what breaks the order; a replacement's first delivery may repeat none.
        if (msg.seq <= this.#lastSeq) continue;
        this.#lastSeq = msg.seq;
        this.onMessage(msg);
      }
    } catch (error) {
      if (this.#closed || messages !== this.#messages) return;
      this.deps.log.warn('race events consumer failed; replacing it', { track_id: this.trackId, err: error as Error });
    }
    if (!this.#closed && messages === this.#messages) await this.#replace('its messages ended');
  }

  async #check(): Promise<void> {
    if (this.#closed || this.#replacing) return;
    const moved = this.#lastSeq !== this.#seqAtLastCheck;
    this.#seqAtLastCheck = this.#lastSeq;
    if (moved) {
      this.#behind = false;
      return;
    }
    let last: number;
    try {
      last = (await this.deps.jsm.streams.getMessage(STREAMS.raceEvents, { last_by_subj: this.#subject }))?.seq ?? 0;
    } catch (error) {
      // NATS away or electing: the next check asks again.
      this.deps.log.debug('race events stall check not answered', { track_id: this.trackId, err: error as Error });
      return;
    }
    if (last <= this.#lastSeq) {
      this.#behind = false;
      return;
    }
    // Behind at one check may be a message on its way; behind at two with nothing delivered between is a stall.
    if (!this.#behind) {
      this.#behind = true;
      return;
    }
    await this.#replace(`nothing delivered for ${this.deps.checkMs ?? STALL_CHECK_MS} ms while the stream holds up to ${last}`);
  }

  async #replace(reason: string): Promise<void> {
    if (this.#closed || this.#replacing) return;
    this.#replacing = true;
    const old = this.#messages;
    const oldName = this.#consumerName;
    this.#messages = undefined;
    try {
      await old?.close().catch(() => undefined);
      void this.#deleteConsumer(oldName);
      const consumer = await this.deps.js.consumers.get(STREAMS.raceEvents, { filter_subjects: this.#subject, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.#lastSeq + 1 });
      if (this.#closed) return;
      this.#consumerName = (await consumer.info(true)).name;
      this.#messages = await consumer.consume({ max_messages: MAX_MESSAGES });
      this.#replacements++;
      this.#behind = false;
      this.deps.log.warn('race events consumer replaced', { track_id: this.trackId, reason, from_seq: this.#lastSeq + 1 });
      void this.#pump(this.#messages);
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) {
        this.deps.onGone(`stream ${STREAMS.raceEvents} not found`);
        return;
      }
      // The next check tries again (nothing is delivered meanwhile, so it finds the feed behind).
      this.#behind = true;
      this.#seqAtLastCheck = this.#lastSeq;
      this.deps.log.warn('race events consumer could not be replaced yet; trying again', { track_id: this.trackId, reason, err: error as Error });
    } finally {
      this.#replacing = false;
      if (this.#closed) await this.#messages?.close().catch(() => undefined);
    }
  }

  async #deleteConsumer(name: string | undefined): Promise<void> {
    // An ordered consumer ends by itself once inactive; deleting it now only spares the server the wait.
    if (name) await this.deps.jsm.consumers.delete(STREAMS.raceEvents, name).catch(() => undefined);
  }
}
