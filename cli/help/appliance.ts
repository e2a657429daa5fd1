/** @module `--help` texts of `mre appliance start` and `mre appliance replay`: only the env override list is loaded for them, not the appliance. */
import { ENV_OVERRIDES } from '../../appliance/service/config-env.ts';
import { envOverrideLines } from '../../shared/config/env-overrides.ts';

export const APPLIANCE_START_HELP = `Usage: mre appliance start [--config FILE]

Runs the appliance: connects to the P3 decoder, writes every record durably to the
envelope log, and serves the HTTP API (GET /healthz, /api/status, /api/passings?limit=N).
With no config it runs against the built-in decoder simulator, logging to .data/appliance.

  --config FILE   JSON config file (see docs/appliance.md)
  -h, --help      this text

Environment overrides (win over the file):
${envOverrideLines(ENV_OVERRIDES, 28)}

Exits 2 on invalid configuration, naming each bad field, before anything is written.
Exits 1 when start-up fails (data directory unusable, HTTP port taken, decoder source
unusable), after closing whatever it had opened.`;

export const APPLIANCE_REPLAY_HELP = `Usage: mre appliance replay [--config FILE] [--repair] [--json] [--events FILE]

Rebuilds the race engine's derived events from the whole envelope log and checks that
they equal, byte for byte, what the engine store holds. The appliance must be stopped.

  --config FILE   the appliance's config (for data_dir)
  --repair        when they differ, replace the store's derived events and snapshots with the rebuild;
                  a store LevelDB cannot read is moved to engine.damaged-<time> and written afresh
  --json          print the report as JSON
  --events FILE   also write every rebuilt derived event to FILE, one JSON line each, in log
                  order: exactly what the box's boards and live feed were sent (and what the
                  cloud's race worker publishes for the same log), for comparing or archiving
  -h, --help      this text

Exits 0 when rebuild and store agree (or were repaired), 1 when they differ or the
store is damaged (the message names the command that rebuilds it).`;
