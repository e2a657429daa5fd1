/** @module `--help` text of `mre doctor`. */
export const DOCTOR_HELP = `Usage: mre doctor [--url http://127.0.0.1:PORT] [--config FILE] [--json]

Asks the running appliance for its status and says, in the order to check them, what is
well and what needs attention: decoder link, disk and log, cloud sync, clock, and the last
warnings in the journal. Each line is OK, CHECK or FAIL, with what to do next.

  --url URL       the appliance (default: from --config, else http://127.0.0.1:8080)
  --config FILE   the appliance's config file: its http.port gives the URL
  --json          print the findings as JSON (shape in docs/field-guide.md)
  -h, --help      this text

Exits 0 when all is well, 1 when something needs attention, 2 on wrong usage,
3 when the appliance cannot be reached at all.`;
