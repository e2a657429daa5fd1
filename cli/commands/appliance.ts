/** @module `mre appliance start` (the box, until SIGTERM or SIGINT) and `mre appliance replay`; their help is in cli/help/appliance.ts. */
import { explainDamage, runReplay } from '../../appliance/race/replay-command.ts';
import { startAppliance } from '../../appliance/service/appliance.ts';
import { loadConfig } from '../../appliance/service/config.ts';
import { createLogger } from '../../shared/log/index.ts';
import { configOrUsage, parseCommandArgs, untilStopSignal } from '../command.ts';
import { bannerText } from './appliance-banner.ts';

const log = createLogger('appliance');

export async function runApplianceStart(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { config: { type: 'string' } });
  const config = configOrUsage(() => loadConfig(values.config));
  const appliance = await startAppliance(config).catch((error: unknown) => {
    throw explainDamage(error, values.config);
  });
  const decoder = config.decoder.source === 'simulator' ? `built-in simulator (${appliance.decoderSource})` : config.decoder.source;
  process.stderr.write(
    bannerText({
      host: config.http.host,
      port: appliance.port,
      control: appliance.control,
      tokenFromEnv: Boolean(process.env.MRE_CONTROL_TOKEN),
      interactive: process.stderr.isTTY === true,
      decoder,
      dataDir: config.data_dir,
    }) + '\n',
  );
  await untilStopSignal(log);
  await appliance.stop();
  return 0;
}

export async function runApplianceReplay(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { config: { type: 'string' }, repair: { type: 'boolean' }, json: { type: 'boolean' }, events: { type: 'string' } });
  const config = configOrUsage(() => loadConfig(values.config));
  return runReplay({ dataDir: config.data_dir, ...(values.config ? { configFile: values.config } : {}), repair: values.repair ?? false, json: values.json ?? false, keepDays: config.engine.keep_days, ...(values.events ? { eventsFile: values.events } : {}) });
}
