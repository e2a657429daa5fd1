/**
 * @module One live connection: its scope, its contiguous seq, and its backpressure. Modelled on
 * signalk-server's BackpressureManager: while the socket holds more than slowBytes, nothing is
 * written; items are coalesced by key to the latest state, key-less items are dropped, and a client
 * that stays behind too long, piles up too many keys or holds too many bytes is given up on.
 */
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { LiveChannel } from '../contracts/live.ts';
import { encodeFrame, type Frame } from './frame.ts';

export interface LiveScope {
  /** In the contract's order (race, decoder), without repeats. */
  channels: readonly [LiveChannel, ...LiveChannel[]];
  eventId: string | null;
}

export interface BackpressureLimits {
  slowBytes: number;
  lagLimitMs: number;
  maxPending: number;
  /** Socket buffer plus pending frames, in bytes, past which the client is given up on. */
  maxQueuedBytes: number;
  /** How long a closed client may take to answer the closing handshake before its socket is destroyed. */
  closeGraceMs: number;
}

/** Counters shared by every client of one hub. */
export interface SendCounters {
  messages_sent: number;
  coalesced: number;
  dropped: number;
}

/** Why a client is given up on, with what the log line needs. */
export interface Lag {
  reason: 'behind_too_long' | 'too_many_pending' | 'too_many_bytes';
  slow_ms: number;
  pending: number;
  buffered_bytes: number;
  pending_bytes: number;
}

export interface ClientDeps {
  limits: BackpressureLimits;
  counters: SendCounters;
  /** Monotonic milliseconds. */
  clock: () => number;
  /** Called each time the client turns slow, so the hub polls it until it has caught up. */
  onSlow: (client: LiveClient) => void;
  /** Given the seconds from publish to write for each published frame written (the hub's `onFanout` option). */
  onFanout?: ((delaySeconds: number) => void) | undefined;
}

export class LiveClient {
  #seq = 0;
  #closing = false;
  /** When the client turned slow; null while it keeps up. */
  #slowSince: number | null = null;
  /** A Map keeps the order of first appearance when a key is set again: latest state, original place. */
  readonly #pending = new Map<string, Frame>();
  /** What #pending holds, so the byte bound needs no walk over it. */
  #pendingBytes = 0;
  #graceTimer: NodeJS.Timeout | undefined;
  /** Settles with the close code when the socket has closed, however that happened. */
  readonly closed: Promise<number>;

  constructor(
    readonly id: number,
    private readonly socket: WebSocket,
    readonly scope: LiveScope,
    private readonly deps: ClientDeps,
  ) {
    this.closed = new Promise((resolve) =>
      socket.once('close', (code: number) => {
        clearTimeout(this.#graceTimer);
        resolve(code);
      }),
    );
  }

  get slow(): boolean {
    return this.#slowSince !== null;
  }

  get open(): boolean {
    return !this.#closing && this.socket.readyState === WebSocket.OPEN;
  }

  /** A client sees only the channels it asked for, and of those its own event's items and the event-less ones. */
  wants(channel: LiveChannel, eventId: string | null): boolean {
    if (!this.scope.channels.includes(channel)) return false;
    return eventId === null || this.scope.eventId === null || this.scope.eventId === eventId;
  }

  /** Writes now, past any backpressure: snapshots, heartbeats, the final error. */
  send(frame: Frame): void {
    if (!this.open) return;
    this.#write(frame);
    if (this.#slowSince === null && this.socket.bufferedAmount > this.deps.limits.slowBytes) {
      this.#slowSince = this.deps.clock();
      this.deps.onSlow(this);
    }
  }

  /** A published item: written while the client keeps up, else coalesced or dropped. Returns a Lag when the client must go. */
  offer(frame: Frame, key: string | undefined): Lag | null {
    if (!this.open) return null;
    if (this.#slowSince === null) {
      this.send(frame);
      return null;
    }
    if (key === undefined) {
      this.deps.counters.dropped += 1;
      return null;
    }
    const replaced = this.#pending.get(key);
    if (replaced) {
      this.deps.counters.coalesced += 1;
      this.#pendingBytes -= frameBytes(replaced);
    }
    this.#pending.set(key, frame);
    this.#pendingBytes += frameBytes(frame);
    if (this.#pending.size > this.deps.limits.maxPending) return this.#lag('too_many_pending');
    return this.#overBytes() ? this.#lag('too_many_bytes') : null;
  }

  /** Polled while slow: writes pending frames in order while the socket is below slowBytes. Returns a Lag when the client must go. */
  pump(): Lag | null {
    if (!this.open || this.#slowSince === null) return null;
    const { slowBytes, lagLimitMs } = this.deps.limits;
    for (const [key, frame] of this.#pending) {
      if (this.socket.bufferedAmount > slowBytes) break;
      this.#pending.delete(key);
      this.#pendingBytes -= frameBytes(frame);
      this.#write(frame);
    }
    if (this.#pending.size === 0 && this.socket.bufferedAmount <= slowBytes) {
      this.#slowSince = null;
      return null;
    }
    if (this.#overBytes()) return this.#lag('too_many_bytes');
    // Progress does not reset the clock: a client that drains but never catches up is lagging too.
    return this.deps.clock() - this.#slowSince > lagLimitMs ? this.#lag('behind_too_long') : null;
  }

  /**
   * Sends nothing more and starts the closing handshake; what is pending is freed now. A client that
   * does not answer within closeGraceMs (one that stopped reading never will) has its socket destroyed,
   * which frees what the socket still buffers.
   */
  close(code: number, reason: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#pending.clear();
    this.#pendingBytes = 0;
    this.#slowSince = null;
    this.socket.close(code, reason);
    if (this.socket.readyState !== WebSocket.CLOSED) {
      this.#graceTimer = setTimeout(() => this.socket.terminate(), this.deps.limits.closeGraceMs);
      this.#graceTimer.unref();
    }
  }

  /**
   * Holds this client's writes until uncork(), so the frames of one fan-out leave in one system
   * call: a write per frame per phone was a quarter of a loaded box's CPU. ws keeps its TCP socket
   * private, and corks it itself around each frame; Node counts nested corks.
   */
  cork(): void {
    this.#tcp()?.cork();
  }

  uncork(): void {
    this.#tcp()?.uncork();
  }

  #tcp(): Socket | undefined {
    return (this.socket as unknown as { _socket?: Socket })._socket;
  }

  /** Bytes held for this client: in the socket's buffer and in pending frames. */
  get queuedBytes(): number {
    return this.socket.bufferedAmount + this.#pendingBytes;
  }

  /** Destroys the socket: for a client that did not answer the closing handshake. */
  terminate(): void {
    this.socket.terminate();
  }

  #write(frame: Frame): void {
    // Text frames: browsers hand binary frames to onmessage as Blobs, which the contract never promised.
    this.socket.send(encodeFrame(frame, this.#seq), { binary: false });
    this.#seq += 1;
    this.deps.counters.messages_sent += 1;
    const { onFanout } = this.deps;
    if (onFanout && frame.publishedAtMs !== undefined) onFanout((this.deps.clock() - frame.publishedAtMs) / 1000);
  }

  #lag(reason: Lag['reason']): Lag {
    return {
      reason,
      slow_ms: this.#slowSince === null ? 0 : Math.round(this.deps.clock() - this.#slowSince),
      pending: this.#pending.size,
      buffered_bytes: this.socket.bufferedAmount,
      pending_bytes: this.#pendingBytes,
    };
  }

  #overBytes(): boolean {
    return this.queuedBytes > this.deps.limits.maxQueuedBytes;
  }
}

/** A frame's size on the wire, near enough: the head is ASCII but for the ids, which are tokens. */
function frameBytes(frame: Frame): number {
  return frame.head.length + 12 + frame.tail.length;
}
