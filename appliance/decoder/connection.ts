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

export class Connection {
  goodFrames = 0;
  /** Identity is learned once per connection: a swapped decoder on the same cable must be noticed. */
  identified = false;
  openedAtMs: number | undefined;
  private dropped = false;
  private readonly transport: Transport;

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
        parser.push(chunk);
      }),
      close: live((reason: string) => events.close(reason)),
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
    this.transport.pause();
  }

  resume(): void {
    this.transport.resume();
  }

  /** Silences this connection's events and releases its transport. */
  drop(): Promise<void> {
    this.dropped = true;
    return this.transport.close();
  }
}
