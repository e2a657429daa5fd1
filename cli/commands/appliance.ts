/** @module `mre appliance start`: runs the box (decoder link, envelope log, HTTP API) until SIGTERM or SIGINT. */
import { startAppliance } from '../../appliance/service/appliance.ts';
import { ConfigError, ENV_OVERRIDES, loadConfig } from '../../appliance/service/config.ts';
import { createLogger } from '../../shared/log/index.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';

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
    let config;
    try {
      config = loadConfig(values.config);
    } catch (error) {
      if (error instanceof ConfigError) {
        for (const problem of error.problems) log.error('invalid configuration', { problem });
        throw new UsageError(error.message);
      }
      throw error;
    }
    const appliance = await startAppliance(config);
    process.stderr.write(`MRE Trackside appliance\n  status:   ${appliance.url}/api/status\n  passings: ${appliance.url}/api/passings\n  health:   ${appliance.url}/healthz\n  decoder:  ${config.decoder.source === 'simulator' ? `built-in simulator (${appliance.decoderSource})` : config.decoder.source}\n  log:      ${config.data_dir}\n`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log.info('stopping', { signal });
        resolve();
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    await appliance.stop();
    return 0;
  },
};
