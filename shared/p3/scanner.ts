/** @module Streaming frame scanner: chunks of any size in, checked frames out; junk skipped, faults counted, never thrown. */
import { EOR, ESC, ESC_OFFSET, MAX_FRAME_LENGTH, SOR } from './constants.ts';
import { isEscapedByte } from './escape.ts';
import { checkFrame, type FrameFault, type P3Frame } from './frame.ts';

export interface ScannerCounts {
  /** Frames found, good and bad. */
  frames: number;
  /** Frames refused, by fault. */
  bad: Partial<Record<FrameFault, number>>;
  /** Bytes outside any frame (line noise, a terminal's banner). */
  junkBytes: number;
}

/**
 * SOR and EOR are always framing: a sender escapes them inside a frame, so a raw SOR
 * mid-frame means the previous frame lost its end, and resyncing there keeps the next
 * intact frame whatever garbage came before it.
 */
export class FrameScanner {
  private readonly buf = new Uint8Array(MAX_FRAME_LENGTH);
  private len = 0;
  private inFrame = false;
  private escPending = false;
  private fault: FrameFault | undefined;
  /** Copies of the raw bytes of a frame that began in an earlier chunk. */
  private rawParts: Uint8Array[] = [];
  private frameStart = 0;
  /**
   * True while the open frame began in this chunk and has had no escape: its unescaped bytes
   * are then exactly chunk[frameStart …], so `buf` is not filled and one copy makes the frame.
   */
  private lazy = false;
  readonly counts: ScannerCounts = { frames: 0, bad: {}, junkBytes: 0 };

  constructor(private readonly onFrame: (frame: P3Frame) => void) {}

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    const buf = this.buf;
    // Next SOR / EOR / ESC at or after i (n when none): found with native indexOf and
    // reused until i passes them, so the whole chunk is scanned once per byte value.
    let nextSor = -1;
    let nextEor = -1;
    let nextEsc = -1;
    let i = 0;
    while (i < n) {
      if (nextSor < i) nextSor = indexOrEnd(chunk, SOR, i);
      if (!this.inFrame) {
        this.counts.junkBytes += nextSor - i;
        if (nextSor >= n) return;
        this.begin(nextSor);
        i = nextSor + 1;
        continue;
      }
      if (this.escPending) {
        const b = chunk[i]!;
        if (this.lazy) this.materialize(chunk);
        this.escPending = false;
        if (b === SOR || b === EOR) {
          // Framing bytes always frame, even after an ESC: handled below.
          this.fault ??= 'escape';
        } else {
          if (this.len >= MAX_FRAME_LENGTH - 1) {
            this.finish(chunk, i, 'too_long');
          } else if (isEscapedByte(b)) {
            buf[this.len++] = b - ESC_OFFSET;
          } else {
            this.fault ??= 'escape';
            buf[this.len++] = b;
          }
          i++;
          continue;
        }
      }
      if (nextEor < i) nextEor = indexOrEnd(chunk, EOR, i);
      if (nextEsc < i) nextEsc = indexOrEnd(chunk, ESC, i);
      const stop = Math.min(nextSor, nextEor, nextEsc);
      const room = MAX_FRAME_LENGTH - 1 - this.len;
      if (stop - i > room) {
        if (this.lazy) this.materialize(chunk);
        this.copy(chunk, i, i + room);
        this.finish(chunk, i + room, 'too_long');
        i += room + 1;
        continue;
      }
      if (this.lazy) this.len += stop - i;
      else this.copy(chunk, i, stop);
      i = stop;
      if (i >= n) break;
      if (i === nextEsc) {
        this.escPending = true;
      } else if (i === nextSor) {
        this.finish(chunk, i - 1, 'truncated');
        this.begin(i);
      } else {
        if (this.lazy) this.len++;
        else buf[this.len++] = EOR;
        this.finish(chunk, i, this.fault);
      }
      i++;
    }
    if (this.inFrame) {
      // The chunk goes away: what the frame has so far must be in buf before the next one.
      if (this.lazy) this.materialize(chunk);
      this.rawParts.push(Uint8Array.prototype.slice.call(chunk, this.frameStart, n));
      this.frameStart = 0;
    }
  }

  /** End of input: a frame still open is reported as truncated. */
  end(): void {
    if (this.inFrame) this.finish(new Uint8Array(0), -1, 'truncated');
  }

  /** Leaves lazy mode: the frame so far (SOR already in buf[0]) is copied out of the chunk. */
  private materialize(chunk: Uint8Array): void {
    const buf = this.buf;
    const from = this.frameStart + 1;
    for (let k = 1; k < this.len; k++) buf[k] = chunk[from + k - 1]!;
    this.lazy = false;
  }

  private copy(chunk: Uint8Array, from: number, to: number): void {
    const buf = this.buf;
    let len = this.len;
    for (let k = from; k < to; k++) buf[len++] = chunk[k]!;
    this.len = len;
  }

  private begin(at: number): void {
    this.inFrame = true;
    this.escPending = false;
    this.fault = undefined;
    this.buf[0] = SOR;
    this.len = 1;
    this.frameStart = at;
    this.lazy = true;
    if (this.rawParts.length > 0) this.rawParts = [];
  }

  /** Closes the open frame whose last raw byte is chunk[last] (-1: none in this chunk). */
  private finish(chunk: Uint8Array, last: number, fault: FrameFault | undefined): void {
    if (this.lazy) {
      this.inFrame = false;
      this.lazy = false;
      // On V8's heap like the frames below (a Buffer slice would get a backing store of its own).
      const frame = new Uint8Array(last + 1 - this.frameStart);
      for (let k = this.frameStart, at = 0; k <= last; k++) frame[at++] = chunk[k]!;
      return this.emit(checkFrame(frame, frame, fault));
    }
    let rawLength = last + 1 - this.frameStart;
    for (const part of this.rawParts) rawLength += part.length;
    // Without escapes the unescaped frame is the raw frame: one copy serves both (most frames).
    // A plain Uint8Array, not a Buffer-pool slice: frames are under 64 bytes, so V8 keeps them
    // on its own heap, where short-lived garbage is cheap (pool slices cost 25% in GC).
    const shared = rawLength === this.len;
    const store = new Uint8Array(shared ? rawLength : rawLength + this.len);
    let at = 0;
    for (const part of this.rawParts) {
      store.set(part, at);
      at += part.length;
    }
    for (let k = this.frameStart; k <= last; k++) store[at++] = chunk[k]!;
    if (!shared) {
      const buf = this.buf;
      for (let k = 0; k < this.len; k++) store[at++] = buf[k]!;
    }
    this.inFrame = false;
    if (this.rawParts.length > 0) this.rawParts = [];
    const raw = shared ? store : store.subarray(0, rawLength);
    this.emit(checkFrame(raw, shared ? store : store.subarray(rawLength), fault));
  }

  private emit(frame: P3Frame): void {
    this.counts.frames++;
    if (frame.fault) this.counts.bad[frame.fault] = (this.counts.bad[frame.fault] ?? 0) + 1;
    this.onFrame(frame);
  }
}

function indexOrEnd(chunk: Uint8Array, byte: number, from: number): number {
  const at = chunk.indexOf(byte, from);
  return at < 0 ? chunk.length : at;
}
