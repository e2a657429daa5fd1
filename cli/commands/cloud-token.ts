/** @module `mre cloud token issue` (a box token for one track and client, or with --viewer a viewer token for a private track, signed with the cloud's secret) and `mre cloud token revoke` (into the revoked-token bucket every ingest node watches). */
import { loadCloudConfig } from '../../cloud/service/config.ts';
import { closeNats, connectNats } from '../../cloud/service/nats-connection.ts';
import { revokeToken } from '../../cloud/ingest/revocations.ts';
import { resolveTokenSecret, withGeneratedSecret } from '../../cloud/ingest/token-secret.ts';
import { issueToken } from '../../cloud/ingest/token.ts';
import { printViewerToken } from './cloud-viewer-token.ts';
import { TOKEN_PATTERN } from '../../shared/contracts/tokens.ts';
import { ULID_PATTERN } from '../../shared/ids/index.ts';
import { configOrUsage, parseCommandArgs, UsageError } from '../command.ts';

// Token commands need no LiveRC contact: the config is read as the ingest role reads it.
const ingestConfig = (file: string | undefined) => configOrUsage(() => loadCloudConfig(file, process.env, { roles: ['ingest'] }));

function idFlag(name: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`--${name} is required`);
  if (!TOKEN_PATTERN.test(value)) throw new UsageError(`--${name} ${JSON.stringify(value)} must be 1-64 lowercase letters, digits, "_" or "-", starting with a letter or digit`);
  return value;
}

export async function runTokenIssue(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { config: { type: 'string' }, track: { type: 'string' }, client: { type: 'string' }, viewer: { type: 'boolean' }, json: { type: 'boolean' } });
  if (values.viewer && values.client !== undefined) throw new UsageError('--client is for box tokens; a viewer token (--viewer) names only --track');
  const trackId = idFlag('track', values.track);
  const subject = values.viewer ? null : { track_id: trackId, client_id: idFlag('client', values.client) };
  const config = ingestConfig(values.config);
  // A cloud started without a configured secret made one in its data dir: tokens must be signed with it.
  const secret = configOrUsage(() => resolveTokenSecret(withGeneratedSecret(config.ingest, config.data_dir, false).ingest));
  if (!subject) return printViewerToken(secret, trackId, config.gateway, values.json === true);
  const { token, claims } = issueToken(secret, subject);
  const issuedAt = new Date(claims.iat * 1000).toISOString();
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ token, jti: claims.jti, track_id: claims.track_id, client_id: claims.client_id, issued_at: issuedAt })}\n`);
    return 0;
  }
  // The token alone on stdout, so `TOKEN=$(mre cloud token issue …)` works; the rest is for the reader.
  process.stdout.write(`${token}\n`);
  const expiry = config.ingest.token_max_age_days > 0 ? `, valid for ${config.ingest.token_max_age_days} days` : '';
  process.stderr.write(`token ${claims.jti} for track ${claims.track_id}, client ${claims.client_id}, issued ${issuedAt}${expiry}\nrevoke it with: mre cloud token revoke ${claims.jti}\n`);
  return 0;
}

export async function runTokenRevoke(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { config: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('give exactly one token id (the jti `mre cloud token issue` printed)');
  if (!ULID_PATTERN.test(positionals[0]!)) throw new UsageError(`${JSON.stringify(positionals[0])} is not a token id: expected the 26-character id \`mre cloud token issue\` printed`);
  const config = ingestConfig(values.config);
  const nc = await connectNats(config.nats_url, 'mre-token-revoke');
  try {
    const revoked = await revokeToken(nc, positionals[0]!, values.reason);
    if (values.json) process.stdout.write(`${JSON.stringify(revoked)}\n`);
    else process.stdout.write(`revoked token ${revoked.jti} at ${revoked.revoked_at}; every ingest node refuses it within seconds\n`);
    return 0;
  } finally {
    await closeNats(nc);
  }
}
