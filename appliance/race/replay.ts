/** @module `mre appliance replay`: rebuilds every derived event and archived event from the log and checks them against the engine store as it goes; `--repair` rebuilds the store, a damaged one included. */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { openLogDb } from '../log/open-db.ts';
import { EngineStore } from './engine-store.ts';
import { RaceHost } from './race-host.ts';
import { compareWithStore, type Comparison, type Difference, type EventsListener } from './replay-compare.ts';
import { EngineStoreDamagedError, moveAside } from './store-damage.ts';

export type { EventsListener } from './replay-compare.ts';

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
  first_difference: Difference | null;
  /** The store could not be read: why, and (after `--repair`) where the damaged copy was moved. */
  damaged: { reason: string; damaged_copy: string } | null;
  repaired: boolean;
  ms: number;
  envelopes_per_s: number;
}

const openLog = (dir: string) => openLogDb(dir, { createIfMissing: false, locked: `the log in ${dir} is in use: stop the appliance first` });

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
      result = await compareWithStore(db, store, options.onEvents);
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
