/** @module Values no decoder can mean: a passing-number jump beyond any real session, a clock centuries off. Refused as bad records, never logged as gaps. */

/**
 * A forward jump of more than this many passing numbers at once is a corrupted record, not
 * lost frames: a busy RC practice day is a few thousand passings, a BMX national a few tens
 * of thousands. A jump this big is only believed once the next passing continues from it.
 */
export const MAX_PASSING_JUMP = 100_000;
/** How close after a refused jump the next passing must land to confirm the decoder really went there. */
const CONFIRM_WITHIN = 1000;

/**
 * A decoder clock further than this from the box clock is refused. A century, not less: a
 * decoder whose RTC was never set counts from 1970 (56 years off in 2026), and so does a box
 * that booted without network time; captures from 2019 replayed today are 7 years off. The
 * corrupted values seen were 228 years off (7.2e15 µs).
 */
export const MAX_CLOCK_SKEW_US = 100 * 365.25 * 86_400 * 1_000_000;

/** Why a decoder time is refused, or undefined when it is plausible. */
export function implausibleTime(timeUs: number | undefined, boxUs: number): string | undefined {
  if (timeUs === undefined) return undefined;
  if (!Number.isSafeInteger(timeUs) || Math.abs(timeUs - boxUs) > MAX_CLOCK_SKEW_US) return 'decoder_clock';
  return undefined;
}

/** The highest believable passing number per decoder, judged in arrival order. */
export class PassingFrontier {
  private readonly frontier = new Map<number, number>();
  private readonly suspect = new Map<number, number>();

  constructor(lastLogged?: ReadonlyMap<number, number>) {
    for (const [decoder, last] of lastLogged ?? []) this.frontier.set(decoder, last);
  }

  /** False when `n` jumps absurdly far ahead; the frontier stays where it was, so the next sane passing continues normally. */
  accept(decoder: number, n: number): boolean {
    const frontier = this.frontier.get(decoder);
    if (frontier === undefined || n <= frontier + MAX_PASSING_JUMP) {
      this.frontier.set(decoder, Math.max(frontier ?? n, n));
      this.suspect.delete(decoder);
      return true;
    }
    const suspect = this.suspect.get(decoder);
    if (suspect !== undefined && n > suspect && n - suspect <= CONFIRM_WITHIN) {
      // Two passings in a row out there: the decoder really is there (it ran for months without this box).
      this.frontier.set(decoder, n);
      this.suspect.delete(decoder);
      return true;
    }
    this.suspect.set(decoder, n);
    return false;
  }

  /** The log started a new counting epoch at `n`: the counter went back, and so does the frontier. */
  reset(decoder: number, n: number): void {
    this.frontier.set(decoder, n);
  }
}
