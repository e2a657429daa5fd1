/** @module Passing-number tracker per decoder: the counter is persistent and gap-free, so gaps, repeats and resets are visible; a repeat is the same passing, not just the same number. */

export type PassingObservation =
  | { kind: 'first' }
  | { kind: 'next' }
  /** Numbers `from`..`to` never arrived: lost or corrupted frames. */
  | { kind: 'gap'; from: number; to: number; missing: number }
  /** Already seen (same number and, when given, same fingerprint): a reconnect or resend replayed it. */
  | { kind: 'repeat' }
  /** A number earlier reported missing arrived after all (a RESEND answer). */
  | { kind: 'late' }
  /** The counter went back to a number never seen, or reused one with another passing: the decoder was reset or replaced. */
  | { kind: 'reset'; previous: number };

export interface TrackerCounts {
  gaps: number;
  missing: number;
  repeats: number;
  late: number;
  resets: number;
}

interface DecoderState {
  last: number;
  /** Recent numbers of this counting run and the fingerprint each came with. */
  seen: Map<number, string>;
  order: number[];
  /** Open gaps as inclusive [from, to] ranges, oldest first. */
  gaps: [number, number][];
}

export interface PassingTrackerOptions {
  /** How many recent numbers per decoder are remembered to recognise repeats. */
  window?: number;
  /** How many open gaps per decoder are remembered to recognise late arrivals. */
  maxOpenGaps?: number;
}

export class PassingTracker {
  private readonly decoders = new Map<number, DecoderState>();
  private readonly window: number;
  private readonly maxOpenGaps: number;
  readonly counts: TrackerCounts = { gaps: 0, missing: 0, repeats: 0, late: 0, resets: 0 };

  constructor(options: PassingTrackerOptions = {}) {
    this.window = options.window ?? 4096;
    this.maxOpenGaps = options.maxOpenGaps ?? 64;
  }

  /**
   * `fingerprint` (RTC time and transponder, say) tells a replay from a new passing that reuses
   * the number after a counter reset; without it, the number alone decides.
   */
  observe(decoderId: number, passingNumber: number, fingerprint = ''): PassingObservation {
    const state = this.decoders.get(decoderId);
    if (!state) {
      this.decoders.set(decoderId, fresh(passingNumber, fingerprint));
      return { kind: 'first' };
    }
    const seenWith = state.seen.get(passingNumber);
    if (seenWith === fingerprint) {
      this.counts.repeats++;
      return { kind: 'repeat' };
    }
    if (seenWith === undefined && passingNumber > state.last) {
      const from = state.last + 1;
      state.last = passingNumber;
      this.remember(state, passingNumber, fingerprint);
      if (passingNumber === from) return { kind: 'next' };
      const to = passingNumber - 1;
      state.gaps.push([from, to]);
      if (state.gaps.length > this.maxOpenGaps) state.gaps.shift();
      this.counts.gaps++;
      this.counts.missing += to - from + 1;
      return { kind: 'gap', from, to, missing: to - from + 1 };
    }
    if (seenWith === undefined && this.fillGap(state, passingNumber)) {
      this.remember(state, passingNumber, fingerprint);
      this.counts.late++;
      return { kind: 'late' };
    }
    const previous = state.last;
    this.decoders.set(decoderId, fresh(passingNumber, fingerprint));
    this.counts.resets++;
    return { kind: 'reset', previous };
  }

  /** The highest passing number seen from a decoder. */
  last(decoderId: number): number | undefined {
    return this.decoders.get(decoderId)?.last;
  }

  /** Open gaps for a decoder, oldest first. */
  openGaps(decoderId: number): readonly (readonly [number, number])[] {
    return this.decoders.get(decoderId)?.gaps ?? [];
  }

  private remember(state: DecoderState, passingNumber: number, fingerprint: string): void {
    state.seen.set(passingNumber, fingerprint);
    state.order.push(passingNumber);
    if (state.order.length > this.window) state.seen.delete(state.order.shift()!);
  }

  private fillGap(state: DecoderState, n: number): boolean {
    const index = state.gaps.findIndex(([from, to]) => n >= from && n <= to);
    if (index < 0) return false;
    const [from, to] = state.gaps[index]!;
    const rest: [number, number][] = [];
    if (from < n) rest.push([from, n - 1]);
    if (n < to) rest.push([n + 1, to]);
    state.gaps.splice(index, 1, ...rest);
    return true;
  }
}

function fresh(passingNumber: number, fingerprint: string): DecoderState {
  return { last: passingNumber, seen: new Map([[passingNumber, fingerprint]]), order: [passingNumber], gaps: [] };
}
