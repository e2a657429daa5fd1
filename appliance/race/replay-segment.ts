/** @module The log replayed through a fresh engine and compared, envelope by envelope, with the engine store's digests, a batch at a time. */
import type { ArchivedEvent, DerivedEvent, RaceEngine } from '../../shared/race/index.ts';
import type { StoredEnvelope } from '../log/index.ts';
import { DerivedDigester } from './derived-digest.ts';
import { derivedRecord, parseDerivedEntry, type StoredDerived } from './engine-store.ts';

/** The first place where a rebuild and the store disagree (see ReplayReport). */
export type Difference = { lsn: number; key?: string; rebuilt: string | null; stored: string | null };

/** Every envelope's rebuilt derived events, in log order (`mre appliance replay --events`). */
export type EventsListener = (lsn: number, events: readonly DerivedEvent[]) => void;

export interface SegmentResult {
  envelopes: number;
  derived: number;
  stored: number;
  archived: number;
  /** The first lsn whose derived events were compared, or null when none were. */
  compared_from: number | null;
  first_difference: Difference | null;
}

type Held = StoredDerived & { text: string };

/** The store's records, read a batch ahead, taken one at a time without an await per record. */
export class StoredCursor {
  private batch: Held[] = [];
  private i = 0;
  private done = false;

  constructor(private readonly batches: AsyncIterator<readonly [string, string][]>) {}

  /** The next stored record, or undefined at the end; awaits only when a batch is used up. */
  async peek(): Promise<Held | undefined> {
    while (this.i >= this.batch.length && !this.done) {
      const next = await this.batches.next();
      this.done = next.done === true;
      this.batch = next.done ? [] : next.value.map(parseDerivedEntry);
      this.i = 0;
    }
    return this.batch[this.i];
  }

  /** Synchronous while the batch lasts; `peek` refills it. */
  current(): Held | undefined {
    return this.i < this.batch.length ? this.batch[this.i] : undefined;
  }

  advance(): void {
    this.i++;
  }
}

/** The rebuilt side of a difference: the events as the boards and the live feed carry them, then the record the store should hold. */
function rebuiltText(lsn: number, events: readonly DerivedEvent[], digest: string): string {
  const { lsn: _lsn, ...record } = derivedRecord(lsn, events, digest);
  return [...events.map((e) => JSON.stringify(e)), JSON.stringify(record)].join('\n');
}

export interface Segment {
  /** Restored at the segment's start (a fresh engine for the log's start). */
  engine: RaceEngine;
  envelopes: AsyncIterable<StoredEnvelope[]>;
  /** The store's derived records from the segment's start on (through its end, or to the store's end for the last). */
  stored: StoredCursor;
  /** Derived events before this lsn were pruned on purpose and are not compared. */
  from: number;
  /** The first archived record the store does not hold exactly as rebuilt. */
  archiveDifference(lsn: number, archived: readonly ArchivedEvent[]): Promise<Difference | null>;
  onEvents?: EventsListener;
}

/**
 * Applies each envelope and compares its derived events' digest with the record the store holds
 * for it, a batch at a time; the store's records past the last envelope (derived from envelopes
 * the log does not hold) are differences too. Memory stays bounded by a batch, never a season.
 */
export async function compareSegment({ engine, envelopes: batches, stored: cursor, from, archiveDifference, onEvents }: Segment): Promise<SegmentResult> {
  const digester = new DerivedDigester();
  const result: SegmentResult = { envelopes: 0, derived: 0, stored: 0, archived: 0, compared_from: null, first_difference: null };
  let difference: Difference | null = null;
  for await (const batch of batches) {
    for (const { lsn, envelope } of batch) {
      const { events, archived } = engine.applyStep(envelope);
      result.envelopes++;
      result.derived += events.length;
      if (onEvents && events.length > 0) onEvents(lsn, events);
      if (archived.length > 0) {
        result.archived += archived.length;
        // Archived views are kept whatever the derived events' pruning, so they are compared from the start.
        if (!difference) difference = await archiveDifference(lsn, archived);
      }
      if (difference || lsn < from || events.length === 0) continue;
      result.compared_from ??= lsn;
      digester.compute(events);
      const held = cursor.current() ?? (await cursor.peek());
      if (held && held.lsn < lsn) {
        // The store has a record where the rebuild derived nothing.
        difference = { lsn: held.lsn, rebuilt: null, stored: held.text };
        result.stored += held.events;
        continue;
      }
      if (held?.lsn === lsn && held.events === events.length && digester.matches(held.digest)) {
        result.stored += held.events;
        cursor.advance();
        continue;
      }
      if (held?.lsn === lsn) {
        result.stored += held.events;
        cursor.advance();
      }
      difference = { lsn, rebuilt: rebuiltText(lsn, events, digester.hex()), stored: held?.lsn === lsn ? held.text : null };
    }
  }
  for (let held = await cursor.peek(); held; cursor.advance(), held = await cursor.peek()) {
    difference ??= { lsn: held.lsn, rebuilt: null, stored: held.text };
    result.stored += held.events;
  }
  result.first_difference = difference;
  return result;
}
