/** @module The decoder link's public shapes: options, status (health as data) and the link itself. */
import type { Logger } from '../../shared/log/index.ts';
import type { DecodedFrame } from '../../shared/p3/index.ts';
// The status is part of the box's status document, so its shape lives with the contracts.
import type { LinkState, LinkStatus } from '../../shared/contracts/status.ts';

export type { LinkState, LinkStatus };

export interface DecoderLinkOptions {
  /** 'tcp://host:port' (port default 5403) or a serial device path. */
  source: string;
  /** Serial only, default 115200: P3 serial settings are undocumented (p3-protocol.md §2), so configurable. */
  baudRate?: number;
  /** Default 15000: a decoder sends STATUS about every 5 s (p3-protocol.md §1.6), so 15 s of silence means a dead link. */
  idleTimeoutMs?: number;
  /** Default 5000: cap of the exponential reconnect delay, which starts near 250 ms. */
  maxBackoffMs?: number;
  /** Default 5000, TCP only. */
  connectTimeoutMs?: number;
  /** Box clock in µs, default Date.now() * 1000. */
  now?: () => number;
  logger?: Logger;
}

export interface LinkEvents extends Record<string, unknown[]> {
  record: [decoded: DecodedFrame, receivedAtUs: number];
  bad: [decoded: DecodedFrame];
  status: [status: LinkStatus];
  connected: [];
  disconnected: [];
}

export interface DecoderLink {
  start(): void;
  /** Closes the transport; no reconnect; state 'stopped'. */
  stop(): Promise<void>;
  /**
   * Holds reading (backpressure from the log) until `resume()`. A held link is not idle: its
   * silence timer waits too. A connection made while held starts held.
   */
  pause(): void;
  resume(): void;
  /** Writes to the decoder if connected (false if not). */
  send(bytes: Uint8Array): boolean;
  requestResend(from: number, until: number): boolean;
  /** A copy. */
  status(): LinkStatus;
  /** Good frames, in arrival order. */
  on(event: 'record', fn: (decoded: DecodedFrame, receivedAtUs: number) => void): void;
  /** Refused frames. */
  on(event: 'bad', fn: (decoded: DecodedFrame) => void): void;
  /** Every state change. */
  on(event: 'status', fn: (status: LinkStatus) => void): void;
  on(event: 'connected' | 'disconnected', fn: () => void): void;
}
