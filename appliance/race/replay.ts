/** @module `mre appliance replay`: rebuilds every derived event and archived event from the log and checks them against the engine store as it goes; `--repair` rebuilds the store, a damaged one included. */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type { Level } from 'level';
import { ENGINE_MESSAGE_TYPES, RaceEngine, type ArchivedEvent, type DerivedEvent } from '../../shared/race/index.ts';
import { envelopeBatches } from '../log/index.ts';
import { openLogDb } from '../log/open-db.ts';
import { DerivedDigester } from './derived-digest.ts';
import { archiveRecords, derivedRecord, EngineStore, type StoredDerived } from './engine-store.ts';
import { RaceHost } from './race-host.ts';
import { EngineStoreDamagedError, moveAside } from './store-damage.ts';

const READ_CHUNK = 1000;

export interface ReplayReport {
  envelopes: number;
  derived: number;
  stored: number;
  /** Older derived events are pruned from the store; the comparison starts at the first one it still holds. */
  compared_from_lsn: number;
  equal: boolean;
  /** Events archived on the way; each one's stored views are compared too. */
  archived: number;
  /**
   * The first place where the rebuild and the store disagree: `key` names an archived record;
   * otherwise `rebuilt` is that envelope's derived events (JSON, one per line) with their digest
   * and `stored` the record the store keeps for it (null when either side has none).
   */
  first_difference: { lsn: number; key?: string; rebuilt: string | null; stored: string | null } | null;
  /** The store could not be read: why, and (after `--repair`) where the damaged copy was moved. */
  damaged: { reason: string; damaged_copy: string } | null;
  repaired: boolean;
  ms: number;
  envelopes_per_s: number;
}

/** Every envelope's rebuilt derived events, in log order (`mre appliance replay --events`). */
export type EventsListener = (lsn: number, events: readonly DerivedEvent[]) => void;

type Comparison = Pick<ReplayReport, 'envelopes' | 'derived' | 'stored' | 'archived' | 'compared_from_lsn' | 'first_difference'>;

const openLog = (dir: string) => openLogDb(dir, { createIfMissing: false, locked: `the log in ${dir} is in use: stop the appliance first` });

/** The first archived record the store does not hold exactly as rebuilt. */
async function archiveDifference(store: EngineStore, lsn: number, archived: readonly ArchivedEvent[]): Promise<ReplayReport['first_difference']> {
  const records = archived.flatMap(archiveRecords);
  const stored = await store.rawValues(records.map((r) => r.key));
  const i = records.findIndex((r, j) => stored[j] !== r.value);
  return i < 0 ? null : { lsn, key: records[i]!.key, rebuilt: records[i]!.value, stored: stored[i] ?? null };
}

/** The store's records, read a batch ahead, taken one at a time without an await per record. */
class StoredCursor {
  private batch: StoredDerived[] = [];
  private i = 0;
  private done = false;
  private readonly batches: AsyncGenerator<StoredDerived[]>;

  constructor(store: EngineStore) {
    this.batches = store.derivedBatches();
  }

  /** The next stored record, or undefined at the end; awaits only when a batch is used up. */
  async peek(): Promise<StoredDerived | undefined> {
    if (this.i >= this.batch.length && !this.done) {
      const next = await this.batches.next();
      this.done = next.done === true;
      this.batch = next.done ? [] : next.value;
      this.i = 0;
    }
    return this.batch[this.i];
  }

  /** Synchronous while the batch lasts; `peek` refills it. */
  current(): StoredDerived | undefined {
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

/**
 * Replays the whole log through a fresh engine, a batch of envelopes at a time, and compares
 * each envelope's derived events with the store's digest of them as it goes: memory stays
 * bounded by a batch, never a season.
 */
async function compare(db: Level<string, string>, store: EngineStore, onEvents?: EventsListener): Promise<Comparison> {
  const cursor = new StoredCursor(store);
  const first = await cursor.peek();
  // Derived events up to the dropped mark were pruned on purpose; a store from before the mark was kept starts at the first one it holds.
  const dropped = store.derivedDroppedThrough;
  const from = dropped > 0 ? dropped + 1 : (first?.lsn ?? 0);
  const engine = RaceEngine.create();
  const digester = new DerivedDigester();
  let envelopes = 0;
  let derived = 0;
  let stored = 0;
  let archivedCount = 0;
  let comparedFrom: number | null = null;
  let difference: ReplayReport['first_difference'] = null;
  for await (const batch of envelopeBatches(db, 0, READ_CHUNK, ENGINE_MESSAGE_TYPES)) {
    for (const { lsn, envelope } of batch) {
      const { events, archived } = engine.applyStep(envelope);
      envelopes++;
      derived += events.length;
      if (onEvents && events.length > 0) onEvents(lsn, events);
      if (archived.length > 0) {
        archivedCount += archived.length;
        // Archived views are kept whatever the derived events' pruning, so they are compared from the start.
        if (!difference) difference = await archiveDifference(store, lsn, archived);
      }
      if (difference || lsn < from || events.length === 0) continue;
      comparedFrom ??= lsn;
      const digest = digester.digest(events);
      const held = cursor.current() ?? (await cursor.peek());
      if (held && held.lsn < lsn) {
        // The store has a record where the rebuild derived nothing.
        difference = { lsn: held.lsn, rebuilt: null, stored: (await store.derivedText(held.lsn)) ?? null };
        stored += held.events;
        continue;
      }
      if (held?.lsn === lsn && held.digest === digest && held.events === events.length) {
        stored += held.events;
        cursor.advance();
        continue;
      }
      const storedText = held?.lsn === lsn ? ((await store.derivedText(lsn)) ?? null) : null;
      if (held?.lsn === lsn) {
        stored += held.events;
        cursor.advance();
      }
      difference = { lsn, rebuilt: rebuiltText(lsn, events, digest), stored: storedText };
    }
  }
  for (let held = await cursor.peek(); held; cursor.advance(), held = await cursor.peek()) {
    difference ??= { lsn: held.lsn, rebuilt: null, stored: (await store.derivedText(held.lsn)) ?? null };
    stored += held.events;
  }
  return { envelopes, derived, stored, archived: archivedCount, compared_from_lsn: comparedFrom ?? from, first_difference: difference };
}

/**
 * Compares a rebuild from the log with the engine store. With `repair`, a store that differs is
 * rebuilt in place, and a damaged one (LevelDB cannot read it) is moved aside to
 * `engine.damaged-<time>` and written afresh; without it, damage is thrown as EngineStoreDamagedError.
 */
export async function verifyReplay(dataDir: string, options: { repair?: boolean; keepDays?: number; onEvents?: EventsListener } = {}): Promise<ReplayReport> {
  const db = await openLog(join(dataDir, 'log'));
  const dir = join(dataDir, 'engine');
  let store: EngineStore | undefined;
  try {
    const started = performance.now();
    let result: Comparison;
    let damaged: ReplayReport['damaged'] = null;
    try {
      store = await EngineStore.open(dir);
      result = await compare(db, store, options.onEvents);
    } catch (error) {
      if (!(error instanceof EngineStoreDamagedError) || !options.repair) throw error;
      await store?.close().catch(() => undefined);
      store = undefined;
      damaged = { reason: error.reason, damaged_copy: await moveAside(dir) };
      result = { envelopes: 0, derived: 0, stored: 0, archived: 0, compared_from_lsn: 0, first_difference: null };
    }
    const ms = performance.now() - started;
    let repaired = false;
    if (options.repair && (damaged || result.first_difference)) {
      store ??= await EngineStore.open(dir);
      await store.clearAll();
      const rebuilt = await RaceHost.rebuild(db, store, options.keepDays);
      if (damaged) result = { ...result, envelopes: rebuilt.replayed, derived: rebuilt.derived };
      repaired = true;
    }
    const equal = !damaged && result.first_difference === null;
    return { ...result, equal, damaged, repaired, ms: Math.round(ms), envelopes_per_s: ms > 0 ? Math.round((result.envelopes / ms) * 1000) : result.envelopes };
  } finally {
    await store?.close();
    await db.close();
  }
}
