/** @module `mre cloud start`: for now the LiveRC connector's HTTP API and import worker, until SIGTERM or SIGINT. */
import { loadCloudConfig } from '../../cloud/service/config.ts';
import { startCloud } from '../../cloud/service/cloud-service.ts';
import { createLogger } from '../../shared/log/index.ts';
import { configOrUsage, parseCommandArgs, untilStopSignal } from '../command.ts';

const log = createLogger('cloud');

export async function runCloudStart(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { config: { type: 'string' } });
  const config = configOrUsage(() => loadCloudConfig(values.config));
  const cloud = await startCloud(config);
  process.stderr.write(`MRE Trackside cloud\n  LiveRC API: ${cloud.url}/api/connectors/liverc/\n  health:     ${cloud.url}/healthz\n  NATS:       ${config.nats_url}\n  LiveRC:     ${config.liverc.enabled ? `enabled, one request at a time across all LiveRC hosts, ${config.liverc.min_interval_ms} ms apart` : 'switched off (liverc.enabled: false)'}\n`);
  await untilStopSignal(log);
  await cloud.stop();
  return 0;
}
