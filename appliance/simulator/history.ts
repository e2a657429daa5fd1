/** @module The passings a decoder still holds, for RESEND: by default the last 50,000 sent, exactly as they went out (a real decoder holds far more; a flood cut off by a stop loses tens of thousands in socket buffers, and a rig that stops a box more than once mid-flood holds more with `--hold`). */

export const HISTORY_LIMIT = 50_000;

export class PassingHistory {
  /** In the order sent, which is also a real decoder's resend order. */
  private readonly frames = new Map<number, Uint8Array>();

  constructor(readonly limit = HISTORY_LIMIT) {}

  add(passingNumber: number, raw: Uint8Array): void {
    this.frames.delete(passingNumber);
    this.frames.set(passingNumber, raw);
    if (this.frames.size > this.limit) this.frames.delete(this.frames.keys().next().value!);
  }

  /** Every held frame, oldest first. */
  all(): Uint8Array[] {
    return [...this.frames.values()];
  }

  /** Held frames with `from` <= number <= `until`, oldest first. */
  range(from: number, until: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const [n, raw] of this.frames) if (n >= from && n <= until) out.push(raw);
    return out;
  }
}
