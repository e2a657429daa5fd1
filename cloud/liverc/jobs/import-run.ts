/** @module One deep import as a job or the CLI runs it: the import, then driver matching over the event's stored drivers; plus the job-log wording of upstream requests and errors. */
import type { Logger } from '../../../shared/log/index.ts';
import { IngestError, type WorkReporter } from '../ingestion/context.ts';
import type { LiveRcIngestion } from '../ingestion/service.ts';
import type { MatchInput, MatchReport } from '../matching/index.ts';
import type { DriverRecord, EventEntryRecord, RaceDriverRecord, RaceRecord } from '../store/records.ts';
import type { LiveRcStore } from '../store/store.ts';
import { LiveRcError, type RequestRecord } from '../types.ts';
import type { JobError, JobResult, MatchingOutcome } from './job-state.ts';

/** What the import needs of driver matching (`createDriverMatching`). */
export interface EventMatching {
  matchEvent(input: MatchInput): Promise<MatchReport>;
}

/**
 * Every driver of one stored event as matching takes them: one row per class entered (each
 * with that entry's transponder), and a row without transponder for a driver who raced but is
 * on no entry list (a late entry, a bump-up under another name).
 */
export async function eventDrivers(store: LiveRcStore, eventId: string): Promise<MatchInput['drivers']> {
  const drivers = new Map<string, DriverRecord | null>();
  const driver = async (key: string) => {
    if (!drivers.has(key)) drivers.set(key, await store.get<DriverRecord>('drivers', key));
    return drivers.get(key) ?? null;
  };
  const rows: MatchInput['drivers'] = [];
  const entered = new Set<string>();
  for (const entry of await store.values<EventEntryRecord>('entries', `${eventId}.>`)) {
    const known = await driver(entry.driver_key);
    entered.add(entry.driver_key);
    rows.push({ driver_key: entry.driver_key, source_driver_id: known?.source_driver_id ?? null, display_name: known?.display_name ?? entry.driver_name, transponder: entry.transponder });
  }
  for (const race of await store.values<RaceRecord>('races', `${eventId}.*`)) {
    for (const raced of await store.values<RaceDriverRecord>('raceDrivers', `${race.source_race_id}.*`)) {
      if (entered.has(raced.driver_key)) continue;
      entered.add(raced.driver_key);
      rows.push({ driver_key: raced.driver_key, source_driver_id: raced.source_driver_id, display_name: raced.display_name, transponder: null });
    }
  }
  return rows;
}

/** Keeps imported events in the drivers' history (cloud/portal/history-store.ts). */
export interface EventHistory {
  recordLiveRcEvent(ingestion: LiveRcIngestion, eventId: string): Promise<number>;
}

export interface ImportRunDeps {
  ingestion: LiveRcIngestion;
  /** Null where the cloud's read models are not provisioned: the history then misses this event. */
  history?: EventHistory | null;
  /** Brings the portal's accounts into matching's members before the event is matched. */
  members?: { sync(): Promise<number> } | null;
  /** Null where matching is not set up; the import then reports `matching: null`. */
  matching: EventMatching | null;
  log: Logger;
}

/**
 * Imports, then links club members to the event's drivers. A matching failure is logged and
 * reported in the result but does not undo or fail the import: matching can be run again.
 */
export async function importAndMatch(deps: ImportRunDeps, eventId: string, options: { reingest: boolean; fromStoredPages?: boolean }, report: WorkReporter): Promise<JobResult> {
  const imported = await deps.ingestion.importEvent(eventId, { reingest: options.reingest, fromStoredPages: options.fromStoredPages ?? false }, report);
  let matching: MatchingOutcome = null;
  if (deps.matching && imported.status === 'imported') {
    try {
      if (deps.members) await deps.members.sync();
      const drivers = await eventDrivers(deps.ingestion.store, eventId);
      const matched = await deps.matching.matchEvent({ event_id: eventId, drivers });
      matching = { drivers: matched.drivers, links: matched.links.length, unmatched: matched.unmatched.length };
      report.line(`driver matching: ${matched.drivers} drivers, ${matched.links.length} linked to club members, ${matched.unmatched.length} unmatched`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      matching = { error: message };
      report.line(`driver matching failed (the import stands; run it again later): ${message}`);
      deps.log.warn('driver matching failed', { event_id: eventId, err: error as Error });
    }
  }
  if (deps.history && imported.status === 'imported') {
    try {
      report.line(`driver history: ${await deps.history.recordLiveRcEvent(deps.ingestion, eventId)} drivers' rows written`);
    } catch (error) {
      report.line(`driver history not written (the import stands; import again to write it): ${error instanceof Error ? error.message : String(error)}`);
      deps.log.warn('driver history not written', { event_id: eventId, err: error as Error });
    }
  }
  return { import: imported, matching };
}

/** One upstream request as a job log line: what, the answer, which try, how long the host queue held it. */
export function requestLine(record: RequestRecord): string {
  const answer = record.from_cache ? `${record.status ?? '-'} (from cache)` : record.status === null ? 'no answer' : String(record.status);
  const parts = [`GET ${record.url} -> ${answer}`];
  if (record.attempt > 1) parts.push(`try ${record.attempt}`);
  if (record.waited_ms > 0) parts.push(`waited ${record.waited_ms} ms`);
  if (record.error && record.status === null) parts.push(record.error);
  return parts.join(', ');
}

/** The code and message a failed job or command reports. */
export function describeFailure(error: unknown): JobError {
  if (error instanceof LiveRcError || error instanceof IngestError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  const named = error instanceof Error && error.name === 'LiveRcUrlError' ? 'validation' : 'internal';
  return { code: named, message };
}
