/** @module Deep import of one event: entry list first (nothing written without one), then every race's results and laps, written by natural key, never deleting. */
import { hostname } from 'node:os';
import type { EventRecord } from '../store/records.ts';
import { keys } from '../store/keys.ts';
import type { FetchedPage, PageKind, RaceResultPage } from '../types.ts';
import { LiveRcError } from '../types.ts';
import { parsePage } from '../parsers/index.ts';
import { IngestError, type ImportProgress, type IngestionContext, type WorkReporter, SILENT } from './context.ts';
import { writeEvent } from './event-writer.ts';

export interface ImportOptions {
  /** Import again even when the event is already at laps_full. */
  reingest?: boolean;
  /** Parse the raw pages kept from the last import instead of fetching (a parser fix, no LiveRC traffic). */
  fromStoredPages?: boolean;
}

export interface ImportReport {
  event_id: string;
  status: 'imported' | 'already_complete';
  races: number;
  results: number;
  laps: number;
  drivers: number;
}

export interface FetchedEvent {
  event: FetchedPage<'event'>;
  entries: FetchedPage<'entry-list'>;
  races: { source_race_id: string; page: FetchedPage<'race-result'> }[];
}

const LOCK_POLL_MS = 250;

const OWNER = `${hostname()}:${process.pid}`;

/** A lock held by a process on this machine that no longer exists: an import that was killed. */
function heldByDeadProcess(owner: string | null): boolean {
  if (!owner) return false;
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function withLock<T>(ctx: IngestionContext, eventId: string, report: WorkReporter, work: () => Promise<T>): Promise<T> {
  const name = `event.${eventId}`;
  let waiting = false;
  // Another import of this event (here or on another node) finishes first; this one then sees its result.
  while (!(await ctx.store.tryLock(name, OWNER))) {
    const owner = await ctx.store.lockOwner(name);
    if (heldByDeadProcess(owner)) {
      // Otherwise a rerun after a killed import would wait out the lock's time to live.
      report.line(`event ${eventId} was locked by ${owner}, which no longer runs: taking over`);
      await ctx.store.unlock(name);
      continue;
    }
    if (!waiting) report.line(`another import of event ${eventId} is running (${owner ?? 'unknown'}): waiting for it`);
    waiting = true;
    await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
  }
  // A lease, not a lock for ever: renewed while this import works, it expires soon after a crash.
  const lease = setInterval(() => void ctx.store.renewLock(name, OWNER).catch((error: Error) => ctx.log.warn('import lock not renewed', { event_id: eventId, err: error })), Math.max(200, ctx.store.lockTtlMs / 3));
  try {
    return await work();
  } finally {
    clearInterval(lease);
    await ctx.store.unlock(name).catch((error: Error) => ctx.log.warn('import lock not released', { event_id: eventId, err: error }));
  }
}

async function fetchEvent(ctx: IngestionContext, record: EventRecord, options: ImportOptions, report: WorkReporter): Promise<FetchedEvent> {
  const slug = record.track_slug;
  const id = record.source_event_id;
  const stored = async <K extends PageKind>(kind: K, pageId: string, fetch: () => Promise<FetchedPage<K>>): Promise<FetchedPage<K>> => {
    if (!options.fromStoredPages) return fetch();
    const html = await ctx.store.getPage(keys.page(slug, kind, pageId));
    if (html === null) throw new IngestError('validation', `no stored ${kind} page ${pageId} for event ${id}: import it from LiveRC first`);
    return { kind, url: `stored:${keys.page(slug, kind, pageId)}`, fetched_at_ms: ctx.now(), from_cache: true, html, page: parsePage(kind, html) } as FetchedPage<K>;
  };
  const event = await stored('event', id, () => ctx.connector.event(slug, id));
  report.line(`event page: ${event.page.races.length} races, ${event.page.entries ?? '?'} entries`);
  let entries: FetchedPage<'entry-list'>;
  try {
    entries = await stored('entry-list', id, () => ctx.connector.entryList(slug, id));
  } catch (error) {
    if (error instanceof LiveRcError && error.code === 'http' && error.details.status === 404) throw new IngestError('validation', `event ${id} has no entry list on LiveRC: nothing imported`);
    throw error;
  }
  const entryCount = entries.page.classes.reduce((n, c) => n + c.entries.length, 0);
  if (entryCount === 0) throw new IngestError('validation', `the entry list of event ${id} is empty: nothing imported`);
  report.line(`entry list: ${entries.page.classes.length} classes, ${entryCount} entries`);
  const progress: ImportProgress = { races_done: 0, races_total: event.page.races.length, laps_done: 0, laps_total: event.page.total_race_laps ?? 0 };
  report.progress({ ...progress });
  const races: FetchedEvent['races'] = [];
  // Oldest first: the order they were run, so progress reads like the day did.
  for (const race of [...event.page.races].reverse()) {
    const page = await stored('race-result', race.source_race_id, () => ctx.connector.raceResult(slug, race.source_race_id));
    races.push({ source_race_id: race.source_race_id, page });
    progress.races_done++;
    progress.laps_done += lapsIn(page.page);
    progress.laps_total = Math.max(progress.laps_total, progress.laps_done);
    report.progress({ ...progress });
    report.line(`race ${race.source_race_id} (${race.label}): ${page.page.results.length} drivers, ${lapsIn(page.page)} laps`);
  }
  return { event, entries, races };
}

const lapsIn = (page: RaceResultPage) => page.results.reduce((n, r) => n + r.lap_times.length, 0);

export async function importEvent(ctx: IngestionContext, eventId: string, options: ImportOptions = {}, report: WorkReporter = SILENT): Promise<ImportReport> {
  const known = ctx.index.event(eventId) ?? (await ctx.store.get<EventRecord>('events', eventId));
  if (!known) throw new IngestError('unknown_event', `event ${eventId} is not in the catalogue: refresh its track's events first (mre ingest liverc refresh-events --track-id SLUG)`);
  return withLock(ctx, eventId, report, async () => {
    const record = (await ctx.store.get<EventRecord>('events', eventId)) ?? known;
    if (record.ingest_depth === 'laps_full' && !options.reingest) {
      report.line(`event ${eventId} is already imported with laps`);
      return { event_id: eventId, status: 'already_complete', races: record.races ?? 0, results: 0, laps: record.laps ?? 0, drivers: 0 };
    }
    const fetched = await fetchEvent(ctx, record, options, report);
    const written = await writeEvent(ctx, record, fetched);
    report.line(`written: ${written.races} races, ${written.results} results, ${written.laps} laps, ${written.drivers} drivers`);
    ctx.log.info('liverc event imported', { event_id: eventId, ...written });
    return { event_id: eventId, status: 'imported', ...written };
  });
}
