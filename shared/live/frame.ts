/**
 * @module Live messages on the wire. A message is serialized once, as a head ending in `"seq":` and a
 * tail from `,"ts_us"` on; each send splices the connection's seq between them, so a publish to
 * 500 clients costs one JSON.stringify and 500 small copies.
 */
import type { LiveChannel, LiveMessage } from '../contracts/live.ts';

export interface Frame {
  readonly kind: LiveMessage['kind'];
  /** `{"kind":…,"channel":…,"track_id":…,"event_id":…,"seq":` */
  readonly head: string;
  /** `,"ts_us":…,"payload":…}` as UTF-8, shared by every client the message goes to. */
  readonly tail: Buffer;
  /** A published item's: when it was published (monotonic ms), so each write can tell its fanout delay. */
  readonly publishedAtMs?: number;
}

export interface FrameFields {
  kind: LiveMessage['kind'];
  channel: LiveChannel;
  track_id: string;
  event_id: string | null;
  ts_us: number;
  payload: Record<string, unknown>;
}

/** Keys in the contract's order: kind, channel, track_id, event_id, seq, ts_us, payload. */
export function buildFrame(fields: FrameFields): Frame {
  const head =
    `{"kind":${JSON.stringify(fields.kind)},"channel":${JSON.stringify(fields.channel)},` +
    `"track_id":${JSON.stringify(fields.track_id)},"event_id":${JSON.stringify(fields.event_id)},"seq":`;
  const tail = Buffer.from(`,"ts_us":${Math.floor(fields.ts_us)},"payload":${JSON.stringify(fields.payload)}}`);
  return { kind: fields.kind, head, tail };
}

/** The complete message for one connection. */
export function encodeFrame(frame: Frame, seq: number): Buffer {
  const head = frame.head + seq;
  const headBytes = Buffer.byteLength(head);
  const out = Buffer.allocUnsafe(headBytes + frame.tail.length);
  out.write(head, 0);
  frame.tail.copy(out, headBytes);
  return out;
}

