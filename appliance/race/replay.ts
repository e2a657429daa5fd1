/** @module `mre appliance replay`: rebuilds every derived event and archived event from the log and checks them against what the engine store holds. */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { Level } from 'level';
import type { Envelope } from '../../shared/contracts/index.ts';
import { RaceEngine, type ArchivedEvent } from '../../shared/race/index.ts';
import { ENVELOPE_RANGE, lsnOfKey } from '../log/keys.ts';
import { archiveRecords, EngineStore } from './engine-store.ts';

export interface ReplayReport {
  envelopes: number;
  derived: number;
  stored: number;
  /** Older derived events are pruned from the store; the comparison starts at the first one it still holds. */
  compared_from_lsn: number;
  equal: boolean;
  /** Events archived on the way; each one's stored views are compared too. */
  archived: number;
  /** The first place where the rebuild and the store disagree (`key` names an archived record). */
  first_difference: { lsn: number; key?: string; rebuilt: string | null; stored: string | null } | null;
  repaired: boolean;
  ms: number;
  envelopes_per_s: number;
}

async function openLog(dir: string): Promise<Level<string, string>> {
  const db = new Level<string, string>(dir);
  try {
    await db.open({ createIfMissing: false });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
    if (code === 'LEVEL_LOCKED') throw new Error(`the log in ${dir} is in use: stop the appliance first`);
    throw new Error(`cannot open the log in ${dir}: ${(error as Error).message}`);
  }
  return db;
}

async function* replayLog(db: Level<string, string>): AsyncGenerator<{ lsn: number; events: string[]; archived: ArchivedEvent[] }, RaceEngine> {
  const engine = RaceEngine.create();
  for await (const [key, value] of db.iterator(ENVELOPE_RANGE)) {
    const { events, archived } = engine.applyStep(JSON.parse(value) as Envelope);
    yield { lsn: lsnOfKey(key), events: events.map((e) => JSON.stringify(e)), archived };
  }
  return engine;
}

/** The first archived record the store does not hold exactly as rebuilt. */
async function archiveDifference(store: EngineStore, lsn: number, archived: readonly ArchivedEvent[]): Promise<ReplayReport['first_difference']> {
  const records = archived.flatMap(archiveRecords);
  const stored = await store.rawValues(records.map((r) => r.key));
  const i = records.findIndex((r, j) => stored[j] !== r.value);
  return i < 0 ? null : { lsn, key: records[i]!.key, rebuilt: records[i]!.value, stored: stored[i] ?? null };
}

/**
 * Replays the whole log through a fresh engine and compares it with the store as it goes (a
 * season of derived events does not fit in memory); with `repair`, replays again into a cleared
 * store and snapshots the result.
 */
export async function verifyReplay(dataDir: string, options: { repair?: boolean } = {}): Promise<ReplayReport> {
  const db = await openLog(join(dataDir, 'log'));
  const store = await EngineStore.open(join(dataDir, 'engine'));
  try {
    const started = performance.now();
    const storedEvents = store.derived();
    let next = await storedEvents.next();
    // Older derived events are pruned from the store: the comparison starts at the first one kept.
    const from = next.done ? 0 : next.value.lsn;
    let envelopes = 0;
    let derived = 0;
    let stored = 0;
    let archivedCount = 0;
    let difference: ReplayReport['first_difference'] = null;
    for await (const { lsn, events, archived } of replayLog(db)) {
      envelopes++;
      derived += events.length;
      archivedCount += archived.length;
      // Archived views are kept whatever the derived events' pruning, so they are compared from the start.
      if (archived.length > 0 && !difference) difference = await archiveDifference(store, lsn, archived);
      if (lsn < from) continue;
      for (const json of events) {
        if (difference) break;
        const theirs = next.done ? null : JSON.stringify(next.value.event);
        if (next.done || next.value.lsn !== lsn || theirs !== json) difference = { lsn, rebuilt: json, stored: theirs };
        if (!next.done && next.value.lsn === lsn) {
          stored++;
          next = await storedEvents.next();
        }
      }
    }
    const ms = performance.now() - started;
    for (; !next.done; next = await storedEvents.next()) {
      difference ??= { lsn: next.value.lsn, rebuilt: null, stored: JSON.stringify(next.value.event) };
      stored++;
    }
    let repaired = false;
    if (difference && options.repair) {
      await store.clearAll();
      const replay = replayLog(db);
      let lastLsn = 0;
      let step = await replay.next();
      for (; !step.done; step = await replay.next()) {
        lastLsn = step.value.lsn;
        if (step.value.events.length > 0) store.add(lastLsn, step.value.events.map((json) => JSON.parse(json)));
        store.addArchived(step.value.archived);
      }
      await store.saveSnapshot(lastLsn, step.value.snapshot());
      repaired = true;
    }
    return { envelopes, derived, stored, archived: archivedCount, compared_from_lsn: from, equal: difference === null, first_difference: difference, repaired, ms: Math.round(ms), envelopes_per_s: ms > 0 ? Math.round((envelopes / ms) * 1000) : envelopes };
  } finally {
    await store.close();
    await db.close();
  }
}
