/** @module `--help` texts of the tool commands: `decode`, `simulate`, `liverc parse`. */

export const DECODE_HELP = `Usage: mre decode [--hex] [--include-bad] [FILE|-]

Decodes MYLAPS/AMB P3 decoder bytes and prints one JSON object per frame per line.

  FILE            capture to read; "-" or nothing reads standard input
  --hex           input is hex text (whitespace ignored, lines starting with # are comments)
  --include-bad   also print frames refused for a bad CRC, LENGTH or escape (crc_ok: false, with "error")
  --json          accepted for symmetry with other commands; output is always JSON
  -h, --help      this text

A summary (frames, bad frames, passing-number gaps) goes to standard error.
Exits 1 when the input holds no frame that could be printed.`;

export const SIMULATE_HELP = `Usage: mre simulate (--tcp PORT | --serial PATH) [options]

Runs a simulated MYLAPS/AMB P3 decoder that speaks the real protocol: a hello frame on
connect, STATUS every 5 s, PASSING records with a persistent passing counter, and answers
to GET_TIME, VERSION and RESEND. Runs until SIGINT or SIGTERM.

  --tcp PORT          serve TCP clients on PORT (a real decoder uses 5403; at most 4 clients)
  --host H            address to listen on (default 0.0.0.0)
  --serial PATH       write to a serial device or pty instead
  --baud N            serial speed (default 115200; P3 serial settings are not documented
                      anywhere public, so match whatever the receiving side expects)
  --scenario NAME     rc-practice (default), bmx-motos, burst, or replay
  --file FILE         capture to replay (raw bytes, or hex text if it ends in .hex/.txt);
                      also accepted as: --scenario replay FILE
  --speed X           time multiplier, e.g. 10 runs ten times faster (default 1); record
                      timestamps stay physical, so laps still read 15 s apart
  --count N           stop generating passings after N (STATUS continues)
  --seed N            seed for the scenario's random choices (default: random, logged)
  --state FILE        JSON file keeping the decoder id and next passing number across runs
                      and scenarios; the passings sent are kept beside it for RESEND
  --decoder-id N      decoder id, decimal or 0x hex (default: the state file's, else
                      0x00041813, bmx 0x000C00D0)
  --wait-for-host     with --tcp: scenario time stands still until a host connects and
                      while none is connected, so a box started after the decoder misses
                      no passing (without it, passings sent to no host are gone)
  --hold N            passings kept for RESEND, the newest N (default 50000)
  -h, --help          this text`;

/** The page kinds come from the parsers themselves, so this help loads them (only when asked for). */
export async function livercParseHelp(): Promise<string> {
  const { PAGE_KINDS } = await import('../../cloud/liverc/parsers/index.ts');
  return `Usage: mre liverc parse --kind KIND FILE

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
}
