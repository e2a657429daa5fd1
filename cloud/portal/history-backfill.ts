/**
 * @module Drivers' history for LiveRC events imported before the history was kept: once per cloud
 * (a mark in the read models says it is done), every fully imported event's rows are written as an
 * import would write them, one event at a time in the background of the liverc role. Rows already
 * there are left as they are, so the pass is safe beside imports that run meanwhile.
 */
import type { Logger } from '../../shared/log/index.ts';
import type { LiveRcIngestion } from '../liverc/ingestion/service.ts';
import type { EventRecord } from '../liverc/store/records.ts';
import type { HistoryStore } from './history-store.ts';

/** Outside `history.` so no driver's listing ever meets it. */
export const BACKFILL_MARK = 'history-backfill.liverc';
/** Raised when the rows' shape changes so that every event must be written again. */
export const BACKFILL_VERSION = 1;

export interface BackfillMark {
  version: number;
  done_at: string;
  events: number;
  rows: number;
}

export type BackfillResult = { ran: false; mark: BackfillMark } | { ran: true; events: number; rows: number; failed: string[]; stopped: boolean };

export async function backfillLiveRcHistory(history: HistoryStore, ingestion: LiveRcIngestion, options: { log: Logger; stopped?: () => boolean }): Promise<BackfillResult> {
  const mark = await history.note<BackfillMark>(BACKFILL_MARK);
  if (mark && mark.version >= BACKFILL_VERSION) return { ran: false, mark };
  const started = Date.now();
  const events = (await ingestion.store.values<EventRecord>('events')).filter((e) => e.ingest_depth === 'laps_full');
  options.log.info("drivers' history: writing the rows of events imported before it was kept", { events: events.length });
  let rows = 0;
  let done = 0;
  const failed: string[] = [];
  for (const event of events) {
    // Shutting down: the mark is not written, so the next start does the whole pass again.
    if (options.stopped?.()) return { ran: true, events: done, rows, failed, stopped: true };
    try {
      rows += await history.recordLiveRcEvent(ingestion, event.source_event_id);
      done++;
    } catch (error) {
      failed.push(event.source_event_id);
      options.log.debug("drivers' history: an event's rows could not be written", { event_id: event.source_event_id, err: error as Error });
    }
  }
  if (failed.length > 0) {
    // No mark: the next start tries them again (the rest are already there and stay unchanged).
    options.log.warn("drivers' history: some earlier imports could not be written; tried again at the next start", { failed: failed.length, event_ids: failed.slice(0, 10) });
    return { ran: true, events: done, rows, failed, stopped: false };
  }
  await history.setNote<BackfillMark>(BACKFILL_MARK, { version: BACKFILL_VERSION, done_at: new Date().toISOString(), events: done, rows });
  options.log.info("drivers' history: earlier imports written", { events: done, rows, ms: Date.now() - started });
  return { ran: true, events: done, rows, failed, stopped: false };
}
