/** @module Records the log turned away while it could not write: counted over the log's life, and owed a GAP envelope once it can. */
import type { ChainedBatch, Level } from 'level';
import { REFUSED_KEY } from './keys.ts';
import type { LogEntry } from './types.ts';

/** Passing numbers of one decoder refused since the log last wrote. */
export interface RefusedRange {
  decoder_id: number;
  from: number;
  to: number;
  count: number;
}

export interface RefusedTotals {
  records: number;
  passings: number;
}

/**
 * A refused passing was never classified, so without this its number would look seen and no
 * GAP would ever name it: the next batch the log writes starts with one GAP per decoder
 * (`reason: refused_log_full`) and the lifetime totals, in the same atomic write.
 */
export class RefusedLedger {
  private ranges = new Map<number, RefusedRange>();
  private dirty = false;

  private constructor(readonly totals: RefusedTotals) {}

  static async load(db: Level<string, string>): Promise<RefusedLedger> {
    const saved = await db.get(REFUSED_KEY);
    return new RefusedLedger(saved ? (JSON.parse(saved) as RefusedTotals) : { records: 0, passings: 0 });
  }

  note(entries: readonly LogEntry[]): void {
    for (const entry of entries) {
      this.totals.records++;
      this.dirty = true;
      if (!entry.passing) continue;
      this.totals.passings++;
      const { decoder_id, passing_number: n } = entry.passing;
      const range = this.ranges.get(decoder_id);
      if (!range) this.ranges.set(decoder_id, { decoder_id, from: n, to: n, count: 1 });
      else {
        range.from = Math.min(range.from, n);
        range.to = Math.max(range.to, n);
        range.count++;
      }
    }
  }

  get pending(): boolean {
    return this.dirty || this.ranges.size > 0;
  }

  /** The ranges owed a GAP, handed to a batch; `restore` gives them back if that batch fails. */
  take(): RefusedRange[] {
    const taken = [...this.ranges.values()];
    this.ranges = new Map();
    return taken;
  }

  restore(taken: readonly RefusedRange[]): void {
    for (const range of taken) {
      const mine = this.ranges.get(range.decoder_id);
      this.ranges.set(range.decoder_id, mine ? { ...range, from: Math.min(mine.from, range.from), to: Math.max(mine.to, range.to), count: mine.count + range.count } : range);
    }
    this.dirty = true;
  }

  /** Puts the totals into the batch when they changed since the last write. */
  seal(batch: ChainedBatch<Level<string, string>, string, string>): void {
    if (!this.dirty) return;
    batch.put(REFUSED_KEY, JSON.stringify(this.totals));
    this.dirty = false;
  }
}
