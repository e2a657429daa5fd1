/** @module `mre appliance start`: runs the box (decoder link, envelope log, HTTP API) until SIGTERM or SIGINT. */
import { verifyReplay } from '../../appliance/race/replay.ts';
import { startAppliance } from '../../appliance/service/appliance.ts';
import { ENV_OVERRIDES, loadConfig } from '../../appliance/service/config.ts';
import { createLogger } from '../../shared/log/index.ts';
import { configOrUsage, parseCommandArgs, untilStopSignal, type Command } from '../command.ts';

const log = createLogger('appliance');

const HELP = `Usage: mre appliance start [--config FILE]

Runs the appliance: connects to the P3 decoder, writes every record durably to the
envelope log, and serves the HTTP API (GET /healthz, /api/status, /api/passings?limit=N).
With no config it runs against the built-in decoder simulator, logging to .data/appliance.

  --config FILE   JSON config file (see docs/appliance.md)
  -h, --help      this text

Environment overrides (win over the file):
${Object.entries(ENV_OVERRIDES).map(([name, path]) => `  ${name.padEnd(28)} ${path.join('.')}`).join('\n')}

Exits 2 on invalid configuration, naming each bad field.`;

export const applianceStartCommand: Command = {
  name: 'appliance start',
  summary: 'run the appliance: decoder link, durable envelope log, HTTP API',
  help: HELP,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { config: { type: 'string' } });
    const config = configOrUsage(() => loadConfig(values.config), log);
    const appliance = await startAppliance(config);
    const pin = config.control.token ? 'as configured (control.token)' : `in ${config.data_dir}/control-token`;
    process.stderr.write(`MRE Trackside appliance\n  scoreboard: ${appliance.url}/\n  control:  ${appliance.url}/control/ (operator PIN ${pin})\n  status:   ${appliance.url}/api/status\n  passings: ${appliance.url}/api/passings\n  health:   ${appliance.url}/healthz\n  decoder:  ${config.decoder.source === 'simulator' ? `built-in simulator (${appliance.decoderSource})` : config.decoder.source}\n  log:      ${config.data_dir}\n`);
    await untilStopSignal(log);
    await appliance.stop();
    return 0;
  },
};

const REPLAY_HELP = `Usage: mre appliance replay [--config FILE] [--repair] [--json]

Rebuilds the race engine's derived events from the whole envelope log and checks that
they equal, byte for byte, what the engine store holds. The appliance must be stopped.

  --config FILE   the appliance's config (for data_dir)
  --repair        when they differ, replace the store's derived events and snapshots with the rebuild
  --json          print the report as JSON
  -h, --help      this text

Exits 0 when rebuild and store agree (or were repaired), 1 when they differ.`;

export const applianceReplayCommand: Command = {
  name: 'appliance replay',
  summary: 'rebuild the race results from the log and check them against the stored ones',
  help: REPLAY_HELP,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { config: { type: 'string' }, repair: { type: 'boolean' }, json: { type: 'boolean' } });
    const config = configOrUsage(() => loadConfig(values.config), log);
    const report = await verifyReplay(config.data_dir, { repair: values.repair ?? false });
    if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      process.stdout.write(`replayed ${report.envelopes} envelopes in ${report.ms} ms (${report.envelopes_per_s}/s): ${report.derived} derived events, ${report.stored} stored\n`);
      if (report.first_difference) process.stdout.write(`first difference at lsn ${report.first_difference.lsn}${report.first_difference.key ? ` (${report.first_difference.key})` : ""}\n  rebuilt: ${report.first_difference.rebuilt ?? '(none)'}\n  stored:  ${report.first_difference.stored ?? '(none)'}\n`);
      process.stdout.write(report.equal ? 'rebuild equals the store\n' : report.repaired ? 'store repaired from the rebuild\n' : 'rebuild differs from the store (run with --repair to replace it)\n');
    }
    if (!report.equal && !report.repaired) {
      log.error('replay differs from the engine store', { lsn: report.first_difference?.lsn });
      return 1;
    }
    return 0;
  },
};
