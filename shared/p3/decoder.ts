/** @module P3 byte stream to records: the scanner plus record decoding, with counts of what was found and refused. */
import type { FrameFault, P3Frame } from './frame.ts';
import type { P3Record } from './record-types.ts';
import { decodeRecord } from './records.ts';
import { FrameScanner } from './scanner.ts';

export interface DecodedFrame {
  readonly record: P3Record;
  readonly frame: P3Frame;
}

export interface DecoderCounts {
  frames: number;
  good: number;
  bad: number;
  badByFault: Partial<Record<FrameFault, number>>;
  junkBytes: number;
}

export interface P3DecoderOptions {
  /** Called for every frame that passed all checks. */
  onRecord: (decoded: DecodedFrame) => void;
  /** Called for every refused frame, decoded as far as its bytes allow. */
  onBad?: (decoded: DecodedFrame) => void;
}

export class P3Decoder {
  private readonly scanner: FrameScanner;
  readonly counts: DecoderCounts = { frames: 0, good: 0, bad: 0, badByFault: {}, junkBytes: 0 };

  constructor(private readonly options: P3DecoderOptions) {
    this.scanner = new FrameScanner((frame) => this.onFrame(frame));
  }

  push(chunk: Uint8Array): void {
    this.scanner.push(chunk);
    this.counts.junkBytes = this.scanner.counts.junkBytes;
  }

  /** End of input: reports a frame left open as truncated. */
  end(): void {
    this.scanner.end();
  }

  private onFrame(frame: P3Frame): void {
    const record = decodeRecord(frame);
    this.counts.frames++;
    if (frame.fault === undefined) {
      this.counts.good++;
      this.options.onRecord({ record, frame });
      return;
    }
    this.counts.bad++;
    this.counts.badByFault[frame.fault] = (this.counts.badByFault[frame.fault] ?? 0) + 1;
    this.options.onBad?.({ record, frame });
  }
}

/** Decodes a whole buffer at once (captures, tests). */
export function decodeAll(bytes: Uint8Array): { good: DecodedFrame[]; bad: DecodedFrame[]; counts: DecoderCounts } {
  const good: DecodedFrame[] = [];
  const bad: DecodedFrame[] = [];
  const decoder = new P3Decoder({ onRecord: (d) => good.push(d), onBad: (d) => bad.push(d) });
  decoder.push(bytes);
  decoder.end();
  return { good, bad, counts: decoder.counts };
}
