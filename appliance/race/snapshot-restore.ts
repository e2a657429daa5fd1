/** @module Picks the snapshot a start resumes from: the newest one that parses, fits the log and gives a working engine; else none (the whole log is replayed). */
import { createLogger } from '../../shared/log/index.ts';
import { RaceEngine } from '../../shared/race/index.ts';
import type { EngineStore } from './engine-store.ts';

const log = createLogger('appliance:race');

/** Builds every read the API and the feed start with: a snapshot missing part of the state fails here, not in the first request. */
function engineFrom(snapshot: string): RaceEngine {
  const engine = RaceEngine.fromSnapshot(snapshot);
  engine.events();
  engine.races();
  engine.activeRaces();
  const eventId = engine.currentEventId();
  if (eventId !== null) engine.standings(eventId);
  return engine;
}

/**
 * The engine to resume and the lsn it has applied. An unusable snapshot is dropped with a
 * warning (an older one is the fallback); with none usable the whole log is replayed, which
 * is slower but gives the same results.
 */
export async function restore(store: EngineStore, lastLsn: number): Promise<{ engine: RaceEngine; from: number }> {
  for (const { key, lsn, read } of await store.snapshots()) {
    let problem: string;
    if (lsn > lastLsn) problem = `it is ahead of the log (log ends at lsn ${lastLsn})`;
    else {
      let snapshot: string | undefined;
      try {
        snapshot = await read();
        return { engine: engineFrom(snapshot), from: lsn };
      } catch (error) {
        problem = snapshot === undefined ? `it cannot be read: ${(error as Error).message}` : `it does not parse: ${(error as Error).message}`;
      }
    }
    log.warn('engine snapshot unusable, dropped; falling back to an older one or the whole log', { key, problem });
    await store.dropSnapshot(key);
  }
  return { engine: RaceEngine.create(), from: 0 };
}
