/** @module `mre appliance start` (the box, until SIGTERM or SIGINT) and `mre appliance replay`; their help is in cli/help/appliance.ts. */
import { verifyReplay } from '../../appliance/race/replay.ts';
import { startAppliance } from '../../appliance/service/appliance.ts';
import { loadConfig } from '../../appliance/service/config.ts';
import { createLogger } from '../../shared/log/index.ts';
import { configOrUsage, parseCommandArgs, untilStopSignal } from '../command.ts';
import { bannerText } from './appliance-banner.ts';

const log = createLogger('appliance');

export async function runApplianceStart(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { config: { type: 'string' } });
  const config = configOrUsage(() => loadConfig(values.config));
  const appliance = await startAppliance(config);
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
  const { values } = parseCommandArgs(argv, { config: { type: 'string' }, repair: { type: 'boolean' }, json: { type: 'boolean' } });
  const config = configOrUsage(() => loadConfig(values.config));
  const report = await verifyReplay(config.data_dir, { repair: values.repair ?? false });
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    process.stdout.write(`replayed ${report.envelopes} envelopes in ${report.ms} ms (${report.envelopes_per_s}/s): ${report.derived} derived events, ${report.stored} stored\n`);
    if (report.first_difference) process.stdout.write(`first difference at lsn ${report.first_difference.lsn}${report.first_difference.key ? ` (${report.first_difference.key})` : ''}\n  rebuilt: ${report.first_difference.rebuilt ?? '(none)'}\n  stored:  ${report.first_difference.stored ?? '(none)'}\n`);
    process.stdout.write(report.equal ? 'rebuild equals the store\n' : report.repaired ? 'store repaired from the rebuild\n' : 'rebuild differs from the store (run with --repair to replace it)\n');
  }
  if (!report.equal && !report.repaired) {
    log.error('replay differs from the engine store', { lsn: report.first_difference?.lsn });
    return 1;
  }
  return 0;
}
