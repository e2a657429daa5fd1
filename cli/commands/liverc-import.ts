/** @module The LiveRC import commands (`tracks sync`, `ingest liverc refresh-events`, `ingest liverc ingest-event`, `events ingest`): in-process work against NATS, a progress bar (or plain lines) on stderr, JSON with --json. */
import { CLOUD_ENV_OVERRIDES, loadCloudConfig } from '../../cloud/service/config.ts';
import { openLiveRcRuntime, type LiveRcRuntime } from '../../cloud/service/liverc-runtime.ts';
import type { ImportProgress, WorkReporter } from '../../cloud/liverc/ingestion/context.ts';
import { describeFailure, importAndMatch, requestLine } from '../../cloud/liverc/jobs/import-run.ts';
import { createLogger } from '../../shared/log/index.ts';
import { configOrUsage, parseCommandArgs, UsageError, type Command } from '../command.ts';

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

const COMMON = `  --config FILE   cloud config (JSON; see docs/liverc-import.md)
  --json          print the outcome as one JSON object on stdout
  --verbose       also print every request made to LiveRC (URL, status, try, wait)
  -h, --help      this text

The work runs in this process against NATS (nats_url); it does not go through the
import job queue that the HTTP API and \`mre cloud start\` use. Requests to LiveRC are
spaced and retried as configured (liverc.min_interval_ms, liverc.max_tries).

Environment overrides (win over the file):
${Object.entries(CLOUD_ENV_OVERRIDES).map(([name, path]) => `  ${name.padEnd(30)} ${path.join('.')}`).join('\n')}

Exits 0 on success, 1 with a one-line reason on failure, 2 on wrong usage or configuration.`;

const OPTIONS = { config: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' } } as const;

/** Opens the runtime, runs `work` with a reporter, prints the outcome; SIGINT/SIGTERM end the work at the next request. */
async function run<T>(values: { config?: string; json?: boolean; verbose?: boolean }, work: (rt: LiveRcRuntime, report: CliReporter) => Promise<T>, summary: (result: T) => string): Promise<number> {
  const config = configOrUsage(() => loadCloudConfig(values.config), log);
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

export const tracksSyncCommand: Command = {
  name: 'tracks sync',
  summary: 'sync the LiveRC track catalogue (live.liverc.com) into the cloud store',
  help: `Usage: mre tracks sync [--config FILE] [--json] [--verbose]

Reads LiveRC's track list and upserts every track by slug; tracks no longer listed are
marked inactive, never deleted.

${COMMON}`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, OPTIONS);
    return run(values, (rt, report) => rt.ingestion.syncTracks(report), (r) => `synced ${r.tracks} LiveRC tracks: ${r.added} new, ${r.updated} changed, ${r.inactive} no longer listed`);
  },
};

export const refreshEventsCommand: Command = {
  name: 'ingest liverc refresh-events',
  summary: "list a LiveRC track's events (and with --depth laps_full import them)",
  help: `Usage: mre ingest liverc refresh-events --track-id SLUG --depth none|laps_full [--ingest-new-only|--ingest-all]

Reads the track's events list ({slug}.liverc.com/events/) and upserts every event at depth
none. With --depth laps_full it then imports races, results and laps, one event at a time:
only the events this refresh found new (--ingest-new-only, the default), or every event of
the track not yet imported (--ingest-all).

  --track-id SLUG   the track's LiveRC slug, as in https://SLUG.liverc.com (see mre tracks sync)
  --depth DEPTH     none (list only) or laps_full
${COMMON}`,
  async run(argv) {
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
  },
};

function ingestEventCommand(name: string, idFlag: 'event-id' | 'event', summaryText: string): Command {
  return {
    name,
    summary: summaryText,
    help: `Usage: mre ${name} --${idFlag} ID --depth laps_full [--reingest] [--reparse]

Imports one LiveRC event: its entry list, then every race's results and laps, written by
natural key (importing again changes nothing), then links club members to its drivers.
The event must be in the catalogue (mre ingest liverc refresh-events --track-id SLUG).

  --${idFlag.padEnd(13)} the LiveRC event id (the "&id=" of its view_event link)
  --depth laps_full  the only deep import there is
  --reingest         import again even when the event already has its laps
  --reparse          import again from the pages kept at the last import, without asking LiveRC
${COMMON}`,
    async run(argv) {
      const { values } = parseCommandArgs(argv, { ...OPTIONS, [idFlag]: { type: 'string' }, depth: { type: 'string' }, reingest: { type: 'boolean' }, reparse: { type: 'boolean' } } as typeof OPTIONS & { 'event-id': { type: 'string' }; event: { type: 'string' }; depth: { type: 'string' }; reingest: { type: 'boolean' }; reparse: { type: 'boolean' } });
      const eventId = values[idFlag];
      if (!eventId) throw new UsageError(`--${idFlag} ID is required`);
      if (!/^\d{1,12}$/.test(eventId)) throw new UsageError(`--${idFlag} must be LiveRC's numeric event id, not ${JSON.stringify(eventId)}`);
      if (values.depth !== 'laps_full') throw new UsageError('--depth laps_full is required (to list events without laps, use mre ingest liverc refresh-events --depth none)');
      return run(
        values,
        (rt, report) => importAndMatch({ ingestion: rt.ingestion, matching: rt.matching, log }, eventId, { reingest: (values.reingest ?? false) || (values.reparse ?? false), fromStoredPages: values.reparse ?? false }, report),
        (r) => {
          const i = r.import;
          const head = i.status === 'already_complete' ? `event ${i.event_id} is already imported with laps (use --reingest to import it again)` : `event ${i.event_id} imported: ${i.races} races, ${i.results} results, ${i.laps} laps, ${i.drivers} drivers`;
          const m = r.matching;
          return m === null ? head : 'error' in m ? `${head}\ndriver matching failed: ${m.error}` : `${head}\ndriver matching: ${m.links} of ${m.drivers} drivers linked to club members`;
        },
      );
    },
  };
}

export const ingestLiveRcEventCommand = ingestEventCommand('ingest liverc ingest-event', 'event-id', 'import one LiveRC event with races, results and laps');
export const eventsIngestCommand = ingestEventCommand('events ingest', 'event', 'the same as ingest liverc ingest-event (the seed docs name)');
