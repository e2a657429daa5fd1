/** @module `mre cloud start`: the cloud roles asked for (`--roles`, all by default) behind one HTTP server, until SIGTERM or SIGINT. */
import { ConfigError, loadCloudConfig } from '../../cloud/service/config.ts';
import { startCloud } from '../../cloud/service/cloud-service.ts';
import { parseRoles } from '../../cloud/service/roles.ts';
import { INGEST_BATCH_PATH } from '../../shared/contracts/ingest.ts';
import { createLogger } from '../../shared/log/index.ts';
import { configOrUsage, parseCommandArgs, untilStopSignal, UsageError } from '../command.ts';

const log = createLogger('cloud');

function rolesFlag(text: string | undefined) {
  if (text === undefined) return undefined;
  try {
    return parseRoles(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function runCloudStart(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { config: { type: 'string' }, roles: { type: 'string' } });
  const roles = rolesFlag(values.roles);
  const config = configOrUsage(() => loadCloudConfig(values.config, process.env, roles ? { roles } : {}));
  const cloud = await startCloud(config).catch((error: unknown) => {
    // A missing or short token secret is found when the ingest role starts: still wrong configuration.
    throw error instanceof ConfigError ? new UsageError(error.message) : error;
  });
  const lines = ['MRE Trackside cloud', `  roles:      ${cloud.roles.join(', ')}`];
  if (cloud.ingest) lines.push(`  ingest API: ${cloud.url}${INGEST_BATCH_PATH}`);
  if (cloud.liverc) lines.push(`  LiveRC API: ${cloud.url}/api/connectors/liverc/`);
  lines.push(`  health:     ${cloud.url}/healthz`, `  NATS:       ${config.nats_url}`);
  if (cloud.liverc) lines.push(`  LiveRC:     ${config.liverc.enabled ? `enabled, one request at a time across all LiveRC hosts, ${config.liverc.min_interval_ms} ms apart` : 'switched off (liverc.enabled: false)'}`);
  process.stderr.write(`${lines.join('\n')}\n`);
  await untilStopSignal(log);
  await cloud.stop();
  return 0;
}
