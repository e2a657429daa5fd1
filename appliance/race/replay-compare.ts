/** @module The comparison behind `mre appliance replay`: the log through a fresh engine, each envelope's derived events checked against the engine store's digest of them, a batch at a time. */
import type { Level } from 'level';
import { ENGINE_MESSAGE_TYPES, RaceEngine, type DerivedEvent } from '../../shared/race/index.ts';
import { envelopeBatches } from '../log/index.ts';
import { DerivedDigester } from './derived-digest.ts';
import { derivedRecord, lsnOfDerivedKey, matchesRecordText, recordText } from './derived-record.ts';
import { ArchiveChecks } from './archive-checks.ts';
import type { EngineStore } from './engine-store.ts';

const READ_CHUNK = 1000;

/** The first place where a rebuild and the store disagree (see ReplayReport). */
export type Difference = { lsn: number; key?: string; rebuilt: string | null; stored: string | null };

/** Every envelope's rebuilt derived events, in log order (`mre appliance replay --events`). */
export type EventsListener = (lsn: number, events: readonly DerivedEvent[]) => void;

export interface Comparison {
  envelopes: number;
  derived: number;
  stored: number;
  archived: number;
  compared_from_lsn: number;
  first_difference: Difference | null;
}

/** A stored record as read: its lsn, and its text, matched in place and parsed only to count a record that differs. */
type Held = { lsn: number; text: string };

/** How many events a record that differs says it holds; one that does not even parse holds none the replay can count. */
function storedEvents(held: Held): number {
  try {
    const { events } = JSON.parse(held.text) as { events?: unknown };
    return Number.isSafeInteger(events) ? (events as number) : 0;
  } catch {
    return 0;
  }
}

/** The store's records, read a batch ahead, taken one at a time without an await per record. */
class StoredCursor {
  private batch: [string, string][] = [];
  private i = 0;
  private done = false;
  private readonly batches: AsyncIterator<[string, string][]>;
  /** Reused for each record: nothing is allocated per stored record a replay matches. */
  private readonly held: Held = { lsn: 0, text: '' };

  constructor(store: EngineStore) {
    this.batches = store.derivedRawBatches(READ_CHUNK);
  }

  /** The next stored record, or undefined at the end; awaits only when a batch is used up. */
  async peek(): Promise<Held | undefined> {
    if (this.i >= this.batch.length && !this.done) {
      const next = await this.batches.next();
      this.done = next.done === true;
      this.batch = next.done ? [] : next.value;
      this.i = 0;
    }
    return this.current();
  }

  /** Synchronous while the batch lasts; `peek` refills it. Valid until the next call. */
  current(): Held | undefined {
    if (this.i >= this.batch.length) return undefined;
    const [key, text] = this.batch[this.i]!;
    this.held.lsn = lsnOfDerivedKey(key);
    this.held.text = text;
    return this.held;
  }

  advance(): void {
    this.i++;
  }
}

/** The rebuilt side of a difference: the events as the boards and the live feed carry them, then the record the store should hold. */
function rebuiltText(lsn: number, events: readonly DerivedEvent[], digest: string): string {
  return [...events.map((e) => JSON.stringify(e)), recordText(derivedRecord(lsn, events, digest))].join('\n');
}

/**
 * Replays the whole log and compares each envelope's derived events with the record the store
 * holds for it; the store's records with no envelope deriving them are differences too. Memory
 * stays bounded by a batch, never a season.
 */
export async function compareWithStore(db: Level<string, string>, store: EngineStore, onEvents?: EventsListener): Promise<Comparison> {
  const cursor = new StoredCursor(store);
  // Derived events up to the dropped mark were pruned on purpose; a store from before the mark was kept starts at the first one it holds.
  const dropped = store.derivedDroppedThrough;
  const from = dropped > 0 ? dropped + 1 : ((await cursor.peek())?.lsn ?? 0);
  const engine = RaceEngine.create();
  const digester = new DerivedDigester();
  const archives = new ArchiveChecks(store);
  const result: Comparison = { envelopes: 0, derived: 0, stored: 0, archived: 0, compared_from_lsn: from, first_difference: null };
  let comparedFrom: number | null = null;
  let difference: Difference | null = null;
  for await (const batch of envelopeBatches(db, 0, READ_CHUNK, ENGINE_MESSAGE_TYPES)) {
    archives.compareReady();
    for (const { lsn, envelope } of batch) {
      const { events, archived } = engine.applyStep(envelope);
      result.envelopes++;
      result.derived += events.length;
      if (onEvents && events.length > 0) onEvents(lsn, events);
      if (archived.length > 0) {
        result.archived += archived.length;
        // Archived views are kept whatever the derived events' pruning, so they are compared from the start.
        if (!difference) await archives.add(lsn, archived);
      }
      if (difference || archives.difference || lsn < from || events.length === 0) continue;
      comparedFrom ??= lsn;
      digester.compute(events);
      const held = cursor.current() ?? (await cursor.peek());
      if (held && held.lsn < lsn) {
        // The store has a record where the rebuild derived nothing.
        difference = { lsn: held.lsn, rebuilt: null, stored: held.text };
        result.stored += storedEvents(held);
        continue;
      }
      if (held?.lsn === lsn && matchesRecordText(held.text, events, digester)) {
        result.stored += events.length;
        cursor.advance();
        continue;
      }
      if (held?.lsn === lsn) {
        result.stored += storedEvents(held);
        cursor.advance();
      }
      difference = { lsn, rebuilt: rebuiltText(lsn, events, digester.hex()), stored: held?.lsn === lsn ? held.text : null };
    }
  }
  for (let held = await cursor.peek(); held; cursor.advance(), held = await cursor.peek()) {
    difference ??= { lsn: held.lsn, rebuilt: null, stored: held.text };
    result.stored += storedEvents(held);
  }
  // An archive is compared before the derived events of the envelope that archived it, as the engine hands them over.
  const archive = await archives.finish();
  const first = archive && (!difference || archive.lsn <= difference.lsn) ? archive : difference;
  return { ...result, compared_from_lsn: comparedFrom ?? from, first_difference: first };
}
