/** @module One connection attempt: a transport with its own parser, so half a frame from a dead connection never reaches the next. */
import { P3Decoder, type DecodedFrame } from '../../shared/p3/index.ts';
import type { LinkSettings } from './options.ts';
import { monotonicMs } from './quiet-log.ts';
import { openSerial } from './serial-transport.ts';
import { openTcp } from './tcp-transport.ts';
import type { Transport } from './transport.ts';

export interface ConnectionEvents {
  open(): void;
  data(chunk: Buffer): void;
  record(decoded: DecodedFrame, receivedAtUs: number): void;
  bad(decoded: DecodedFrame): void;
  close(reason: string): void;
}

/**
 * Bytes of one read handed to the parser before the event loop gets a turn. One TCP read of a
 * decoder in full flow is 64 KiB, over a thousand passings; taken whole, it held every HTTP request
 * for a tenth of a second and more.
 */
const SLICE_BYTES = 4096;

export class Connection {
  goodFrames = 0;
  /** Identity is learned once per connection: a swapped decoder on the same cable must be noticed. */
  identified = false;
  openedAtMs: number | undefined;
  private dropped = false;
  private readonly transport: Transport;
  /** What is left of a read being fed a slice a turn; reading waits until it is all in. */
  private rest: Buffer | null = null;
  /** Held by the caller (the log catching up), apart from the hold while a read is sliced. */
  private heldByCaller = false;
  private readonly feed: (chunk: Buffer) => void;

  constructor({ target, connectTimeoutMs, baudRate, now }: LinkSettings, events: ConnectionEvents) {
    let receivedAtUs = 0;
    const parser = new P3Decoder({
      onRecord: (decoded) => {
        this.goodFrames++;
        events.record(decoded, receivedAtUs);
      },
      onBad: (decoded) => events.bad(decoded),
    });
    // After drop() the link has moved on (idle timeout, stop): late callbacks are stale.
    const live =
      <A extends unknown[]>(fn: (...args: A) => void) =>
      (...args: A): void => {
        if (!this.dropped) fn(...args);
      };
    const handlers = {
      open: live(() => {
        this.openedAtMs = monotonicMs();
        events.open();
      }),
      data: live((chunk: Buffer) => {
        events.data(chunk);
        receivedAtUs = now();
        this.feed(chunk);
      }),
      close: live((reason: string) => events.close(reason)),
    };
    const next = live(() => {
      const chunk = this.rest!;
      this.rest = null;
      this.feed(chunk);
      if (this.rest === null && !this.heldByCaller) this.transport.resume();
    });
    this.feed = (chunk) => {
      // A read that arrives while one is still being sliced goes after it, never before.
      if (this.rest !== null) return void (this.rest = Buffer.concat([this.rest, chunk]));
      if (chunk.length <= SLICE_BYTES) return parser.push(chunk);
      parser.push(chunk.subarray(0, SLICE_BYTES));
      // The parser may have dropped the connection (a link that moved on); nothing more is fed then.
      if (this.dropped) return;
      if (this.rest === null) this.transport.pause();
      this.rest = chunk.subarray(SLICE_BYTES);
      setImmediate(next);
    };
    this.transport =
      target.transport === 'tcp'
        ? openTcp({ host: target.host, port: target.port, connectTimeoutMs }, handlers)
        : openSerial({ path: target.path, baudRate }, handlers);
  }

  write(bytes: Uint8Array): boolean {
    return !this.dropped && this.transport.write(bytes);
  }

  pause(): void {
    this.heldByCaller = true;
    this.transport.pause();
  }

  resume(): void {
    this.heldByCaller = false;
    if (this.rest === null) this.transport.resume();
  }

  /** Silences this connection's events and releases its transport. */
  drop(): Promise<void> {
    this.dropped = true;
    return this.transport.close();
  }
}
