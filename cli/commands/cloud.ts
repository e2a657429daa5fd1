/** @module `mre cloud start`: the cloud roles asked for (`--roles`, all by default) behind one HTTP server, until SIGTERM or SIGINT. */
import { ConfigError, loadCloudConfig, type CloudConfig } from '../../cloud/service/config.ts';
import { startCloud, type CloudService } from '../../cloud/service/cloud-service.ts';
import { EMBEDDED_NATS, fitStreamsToDisk, startEmbeddedNats, type EmbeddedNats } from '../../cloud/service/embedded-nats.ts';
import { offersFor } from '../../cloud/service/index-page.ts';
import { generatedSecret, withGeneratedSecret } from '../../cloud/ingest/token-secret.ts';
import { SESSION_SECRET } from '../../cloud/accounts/config.ts';
import { parseRoles } from '../../cloud/service/roles.ts';
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

/** With no NATS_URL, the cloud's own nats-server, streams sized to its disk. */
async function embeddedNats(config: CloudConfig): Promise<EmbeddedNats | null> {
  if (config.nats_url !== EMBEDDED_NATS) return null;
  const nats = await startEmbeddedNats(config.data_dir);
  config.nats_url = nats.url;
  const scale = fitStreamsToDisk(config.streams, nats.storeDir);
  if (scale < 1) log.info('embedded nats-server: stream and bucket sizes scaled to fit half the free disk', { scale: Math.round(scale * 1e4) / 1e4 });
  return nats;
}

export async function runCloudStart(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { config: { type: 'string' }, roles: { type: 'string' } });
  const roles = rolesFlag(values.roles);
  const config = configOrUsage(() => loadCloudConfig(values.config, process.env, { ...(roles ? { roles } : {}), findEmbedded: false }));
  // Only a cloud on its own server makes its secret: nodes of a real deployment must share one, so there a missing secret stays an error.
  const generated = config.roles.includes('ingest') && config.nats_url === EMBEDDED_NATS ? withGeneratedSecret(config.ingest, config.data_dir, true) : { ingest: config.ingest, created: null };
  config.ingest = generated.ingest;
  const session = config.roles.includes('liverc') && config.nats_url === EMBEDDED_NATS && config.accounts.session_secret === undefined && config.accounts.session_secret_file === undefined ? generatedSecret(SESSION_SECRET, config.data_dir, true) : { file: undefined, created: null };
  if (session.file) config.accounts.session_secret_file = session.file;
  const nats = await embeddedNats(config);
  let cloud: CloudService;
  try {
    cloud = await startCloud(config).catch((error: unknown) => {
      // A missing or short token secret is found when the ingest role starts: still wrong configuration.
      throw error instanceof ConfigError ? new UsageError(error.message) : error;
    });
  } catch (error) {
    await nats?.stop();
    throw error;
  }
  const lines = ['MRE Trackside cloud', `  roles:      ${cloud.roles.join(', ')}`, `  index:      ${cloud.url}/`];
  for (const offer of offersFor(cloud.roles)) {
    const url = `${offer.method === 'WS' ? cloud.url.replace(/^http/, 'ws') : cloud.url}${offer.path}`;
    // A pattern is said as one, so nobody pastes `<track_id>` into a browser.
    lines.push(`  ${`${offer.role}:`.padEnd(11)} ${offer.pattern ? `${offer.what}: ${url}` : `${offer.method} ${url}`}`);
  }
  lines.push(`  NATS:       ${nats ? `${config.nats_url} (its own nats-server, pid ${nats.pid}, store ${nats.storeDir}; set NATS_URL to use another)` : config.nats_url}`);
  if (generated.created) lines.push(`  box tokens: a new signing secret was written to ${generated.created}; issue tokens with: npx mre cloud token issue --track T --client C`);
  if (session.created) lines.push(`  sessions:   a new session secret was written to ${session.created}`);
  if (cloud.liverc) lines.push(`  accounts:   sign in at POST ${cloud.url}/api/auth/login; users are made with: npx mre cloud user add NAME --role admin|member`);
  if (cloud.liverc) lines.push(`  LiveRC:     ${config.liverc.enabled ? `enabled, one request at a time across all LiveRC hosts, ${config.liverc.min_interval_ms} ms apart` : 'switched off (liverc.enabled: false)'}`);
  else if (config.liverc.contact.endsWith('@liverc.invalid')) lines.push('  LiveRC:     not running (set liverc.contact, or MRE_LIVERC_CONTACT, to an address LiveRC can reach you at)');
  process.stderr.write(`${lines.join('\n')}\n`);
  await untilStopSignal(log);
  await cloud.stop();
  await nats?.stop();
  return 0;
}
