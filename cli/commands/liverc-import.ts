/** @module The LiveRC import commands (`tracks sync`, `ingest liverc refresh-events`, `ingest liverc ingest-event`, `events ingest`): in-process work against NATS, a progress bar (or plain lines) on stderr, JSON with --json. Their help is in cli/help/cloud.ts. */
import { loadCloudConfig } from '../../cloud/service/config.ts';
import { openLiveRcRuntime, type LiveRcRuntime } from '../../cloud/service/liverc-runtime.ts';
import type { ImportProgress, WorkReporter } from '../../cloud/liverc/ingestion/context.ts';
import { describeFailure, importAndMatch, requestLine } from '../../cloud/liverc/jobs/import-run.ts';
import { createLogger } from '../../shared/log/index.ts';
import { configOrUsage, parseCommandArgs, UsageError } from '../command.ts';

const log = createLogger('cloud:liverc');

const BAR_WIDTH = 24;

/** `[######------------------] races 8/32  laps 1000/4129` */
export function progressBar(p: ImportProgress, width = BAR_WIDTH): string {
  const share = p.races_total > 0 ? p.races_done / p.races_total : 0;
  const filled = Math.round(share * width);
  const laps = p.laps_total > 0 ? `laps ${p.laps_done}/${p.laps_total}` : `laps ${p.laps_done}`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] races ${p.races_done}/${p.races_total}  ${laps}`;
}

export interface CliReporter extends WorkReporter {
  /** Removes the bar so the command's last words start on a clean line. */
  finish(): void;
}

/** Progress on stderr: on a terminal a bar redrawn in place with lines scrolling above it; otherwise the lines only. */
export function cliReporter(stream: NodeJS.WriteStream = process.stderr, tty: boolean = stream.isTTY === true): CliReporter {
  let bar: string | null = null;
  const write = (text: string) => {
    try {
      stream.write(text);
    } catch {
      // A closed stderr must not fail the import.
    }
  };
  // Carriage return and erase-line: the bar is redrawn in place, log lines scroll above it.
  const clear = () => bar !== null && write('\r\x1b[2K');
  return {
    line(message) {
      if (!tty) return write(`${message}\n`);
      clear();
      write(`${message}\n`);
      if (bar !== null) write(bar);
    },
    progress(progress) {
      if (!tty) return;
      clear();
      bar = progressBar(progress);
      write(bar);
    },
    finish() {
      if (tty) clear();
      bar = null;
    },
  };
}

const OPTIONS = { config: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' } } as const;

/** Opens the runtime, runs `work` with a reporter, prints the outcome; SIGINT/SIGTERM end the work at the next request. */
async function run<T>(values: { config?: string; json?: boolean; verbose?: boolean }, work: (rt: LiveRcRuntime, report: CliReporter) => Promise<T>, summary: (result: T) => string): Promise<number> {
  const config = configOrUsage(() => loadCloudConfig(values.config));
  const runtime = await openLiveRcRuntime(config, { name: 'mre-cli' });
  const report = cliReporter();
  const unlisten = values.verbose ? runtime.connector.onRequest((r) => report.line(requestLine(r))) : () => true;
  let interrupted: string | null = null;
  const interrupt = (signal: string) => {
    interrupted = signal;
    void runtime.connector.close();
  };
  const onInt = () => interrupt('SIGINT');
  const onTerm = () => interrupt('SIGTERM');
  process.once('SIGINT', onInt).once('SIGTERM', onTerm);
  try {
    const result = await work(runtime, report);
    report.finish();
    process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${summary(result)}\n`);
    return 0;
  } catch (error) {
    report.finish();
    const failure = describeFailure(error);
    const message = interrupted ? `interrupted by ${interrupted} before the work ended; run it again (nothing is written twice)` : failure.message;
    if (values.json) process.stdout.write(`${JSON.stringify({ error: message, code: interrupted ? 'interrupted' : failure.code })}\n`);
    log.debug('command failed', { code: failure.code, problem: failure.message });
    throw new Error(message);
  } finally {
    unlisten();
    process.off('SIGINT', onInt).off('SIGTERM', onTerm);
    await runtime.close();
  }
}

export async function runTracksSync(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  return run(values, (rt, report) => rt.ingestion.syncTracks(report), (r) => `synced ${r.tracks} LiveRC tracks: ${r.added} new, ${r.updated} changed, ${r.inactive} no longer listed`);
}

export async function runRefreshEvents(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...OPTIONS, 'track-id': { type: 'string' }, depth: { type: 'string' }, 'ingest-new-only': { type: 'boolean' }, 'ingest-all': { type: 'boolean' } });
  const slug = values['track-id'];
  if (!slug) throw new UsageError('--track-id SLUG is required');
  if (values.depth !== 'none' && values.depth !== 'laps_full') throw new UsageError('--depth must be none or laps_full');
  if (values['ingest-new-only'] && values['ingest-all']) throw new UsageError('--ingest-new-only and --ingest-all exclude each other');
  if (values.depth === 'none' && (values['ingest-new-only'] || values['ingest-all'])) throw new UsageError('--ingest-new-only and --ingest-all need --depth laps_full');
  const depth = values.depth;
  return run(
    values,
    (rt, report) => rt.ingestion.refreshAndImport(slug, { depth, only_new: !values['ingest-all'] }, report),
    (r) => [`${r.refresh.track}: ${r.refresh.events} events listed, ${r.refresh.added.length} new, ${r.refresh.updated} changed`, ...r.imports.map((i) => `  event ${i.event_id}: ${i.status === 'imported' ? `${i.races} races, ${i.laps} laps` : 'already imported'}`)].join('\n'),
  );
}

export async function runIngestEvent(idFlag: 'event-id' | 'event', argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...OPTIONS, [idFlag]: { type: 'string' }, depth: { type: 'string' }, reingest: { type: 'boolean' }, reparse: { type: 'boolean' } } as typeof OPTIONS & { 'event-id': { type: 'string' }; event: { type: 'string' }; depth: { type: 'string' }; reingest: { type: 'boolean' }; reparse: { type: 'boolean' } });
  const eventId = values[idFlag];
  if (!eventId) throw new UsageError(`--${idFlag} ID is required`);
  if (!/^\d{1,12}$/.test(eventId)) throw new UsageError(`--${idFlag} must be LiveRC's numeric event id, not ${JSON.stringify(eventId)}`);
  if (values.depth !== 'laps_full') throw new UsageError('--depth laps_full is required (to list events without laps, use mre ingest liverc refresh-events --depth none)');
  return run(
    values,
    (rt, report) => importAndMatch({ ingestion: rt.ingestion, matching: rt.matching, history: rt.history, log }, eventId, { reingest: (values.reingest ?? false) || (values.reparse ?? false), fromStoredPages: values.reparse ?? false }, report),
    (r) => {
      const i = r.import;
      const head = i.status === 'already_complete' ? `event ${i.event_id} is already imported with laps (use --reingest to import it again)` : `event ${i.event_id} imported: ${i.races} races, ${i.results} results, ${i.laps} laps, ${i.drivers} drivers`;
      const m = r.matching;
      return m === null ? head : 'error' in m ? `${head}\ndriver matching failed: ${m.error}` : `${head}\ndriver matching: ${m.links} of ${m.drivers} drivers linked to club members`;
    },
  );
}
