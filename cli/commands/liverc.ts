/** @module `mre liverc parse`: a saved LiveRC page to JSON, by page kind; exit 1 with the parser's error code when the page is not of that kind. */
import { readFileSync, statSync } from 'node:fs';
import { isPageKind, PAGE_KINDS, parsePage } from '../../cloud/liverc/parsers/index.ts';
import { LiveRcError } from '../../cloud/liverc/types.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';

const HELP = `Usage: mre liverc parse --kind KIND FILE

Parses a saved LiveRC page and prints it as JSON (snake_case keys; dates YYYY-MM-DD, venue-local
times YYYY-MM-DDTHH:MM without a zone, durations and lap times in seconds).

  --kind KIND   the page type: ${PAGE_KINDS.join(', ')}
  FILE          the saved HTML page, as served (raw server HTML)
  -h, --help    this text

  track-list   live.liverc.com                          {tracks: [{slug, name, status, last_activity, current_event}]}
  dashboard    {slug}.liverc.com/                       {name, address, phone, website, email, stats}
  event-list   {slug}.liverc.com/events/                {events: [{source_event_id, name, date, entries, drivers}]}
  event        results/?p=view_event&id=E               {name, date_start, date_end, entries, drivers, total_race_laps, races}
  entry-list   results/?p=view_entry_list&id=E          {classes: [{class_name, entries: [{driver_name, sort_name, transponder}]}]}
  race-result  results/?p=view_race_result&id=R         {class_name, round, length, results: [\u2026 lap_times]}

Exit codes: 0 printed; 1 the page does not parse as KIND (the reason, with its error code, on
standard error); 2 wrong usage (unknown kind, missing file).`;

function readPage(file: string): string {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new UsageError(`cannot read ${file}: no such file`);
  }
  if (!isFile) throw new UsageError(`cannot read ${file}: not a file`);
  return readFileSync(file, 'utf8');
}

export const livercParseCommand: Command = {
  name: 'liverc parse',
  summary: 'a saved LiveRC page (track list, dashboard, events, event, entry list, race result) to JSON',
  help: HELP,
  async run(argv) {
    const parsed = parseCommandArgs(argv, { kind: { type: 'string' } }, true);
    const kind = parsed.values.kind;
    if (kind === undefined) throw new UsageError(`--kind is required (one of ${PAGE_KINDS.join(', ')})`);
    if (!isPageKind(kind)) throw new UsageError(`unknown --kind "${kind}" (one of ${PAGE_KINDS.join(', ')})`);
    if (parsed.positionals.length !== 1) throw new UsageError(`expected one FILE, got ${parsed.positionals.length}`);
    const file = parsed.positionals[0]!;
    const html = readPage(file);
    try {
      const page = parsePage(kind, html, { url: file });
      process.stdout.write(JSON.stringify(page, null, 2) + '\n');
      return 0;
    } catch (error) {
      if (error instanceof LiveRcError) throw new Error(`${error.code}: ${error.message}`);
      throw error;
    }
  },
};
