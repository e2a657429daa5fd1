/** @module The `sync` config section: defaults, env overrides, the token file read at load, and every bad field named without echoing a token; a plain-http URL to another machine is warned about, loopback and https are not. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../appliance/service/config.ts';
import { planSync } from '../../../appliance/sync/index.ts';
import { createLogger } from '../../../shared/log/index.ts';
import { makeTempDir, removeTempDir, useCleanups } from '../../harness/index.ts';
import { runMre } from '../../support/run-mre.ts';
import { boxToken, captureJournal } from './support.ts';

const defer = useCleanups();

async function writeConfig(content: object | string): Promise<{ dir: string; file: string }> {
  const dir = await makeTempDir('mre-sync-config-');
  defer(() => removeTempDir(dir));
  const file = join(dir, 'appliance.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return { dir, file };
}

function problems(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('sync config', () => {
  it('sync config - off by default, with a batch of 500 and a 30 s timeout', () => {
    expect(loadConfig(undefined, {}).sync).toEqual({ enabled: false, batch_size: 500, timeout_ms: 30_000 });
  });

  it('sync config - the environment turns it on; the token file is read at load, its newline dropped', async () => {
    const { token } = boxToken();
    const { dir } = await writeConfig({});
    await writeFile(join(dir, 'token'), `${token}\n`);
    const config = loadConfig(undefined, { MRE_SYNC_ENABLED: '1', MRE_SYNC_URL: 'https://cloud.example.org/mre/', MRE_SYNC_TOKEN_FILE: join(dir, 'token'), MRE_SYNC_BATCH_SIZE: '200' });
    expect(config.sync).toMatchObject({ enabled: true, url: 'https://cloud.example.org/mre/', token, batch_size: 200 });
    expect(loadConfig(undefined, { MRE_SYNC_ENABLED: 'true', MRE_SYNC_URL: 'http://127.0.0.1:8090', MRE_SYNC_TOKEN: token }).sync.token).toBe(token);
  });

  it('sync config - each bad field is named, and a token is never quoted back', async () => {
    const { token } = boxToken();
    const { dir, file } = await writeConfig({ sync: { enabled: true } });
    expect(problems(() => loadConfig(file, {}))).toEqual([
      'sync.url: required when sync.enabled is true: the cloud base URL, such as https://cloud.example.org',
      'sync.token: required when sync.enabled is true: set sync.token (or MRE_SYNC_TOKEN) or sync.token_file to the box token from `mre cloud token issue`',
    ]);
    const bad = problems(() => loadConfig(undefined, { MRE_SYNC_ENABLED: '1', MRE_SYNC_URL: 'ftp://cloud.example.org', MRE_SYNC_TOKEN: 'secret-but-not-a-token', MRE_SYNC_BATCH_SIZE: '5000' }));
    expect(bad).toEqual([
      'sync.url: expected an http:// or https:// URL, not ftp:, got ftp://cloud.example.org (from MRE_SYNC_URL)',
      'sync.token: expected a box token as `mre cloud token issue` prints it (mre1.<claims>.<signature>) (from MRE_SYNC_TOKEN)',
      'sync.batch_size: expected a whole number from 1 to 1000, got 5000 (from MRE_SYNC_BATCH_SIZE)',
    ]);
    expect(bad.join(' ')).not.toContain('secret-but-not-a-token');
    expect(problems(() => loadConfig(undefined, { MRE_SYNC_URL: `https://box:${token}@cloud.example.org` }))).toEqual(['sync.url: put the box token in sync.token or sync.token_file, not in the URL, got https://***@cloud.example.org (from MRE_SYNC_URL)']);
    expect(problems(() => loadConfig(undefined, { MRE_SYNC_TOKEN: token, MRE_SYNC_TOKEN_FILE: '/etc/mre/token' }))).toEqual(['sync.token: set sync.token or sync.token_file, not both (from MRE_SYNC_TOKEN)']);

    const on = { MRE_SYNC_ENABLED: '1', MRE_SYNC_URL: 'https://cloud.example.org' };
    expect(problems(() => loadConfig(undefined, { ...on, MRE_SYNC_TOKEN_FILE: join(dir, 'missing') }))).toEqual([`sync.token_file: cannot read ${join(dir, 'missing')}: ENOENT`]);
    await writeFile(join(dir, 'junk'), 'hunter2\n');
    const junk = problems(() => loadConfig(undefined, { ...on, MRE_SYNC_TOKEN_FILE: join(dir, 'junk') }));
    expect(junk).toEqual([`sync.token_file: ${join(dir, 'junk')} does not hold a box token: expected a box token as \`mre cloud token issue\` prints it (mre1.<claims>.<signature>)`]);
  });

  it('sync config - mre appliance start exits 2 on a bad sync field, before anything is written', async () => {
    const { dir, file } = await writeConfig({ data_dir: 'unused', sync: { enabled: true, url: 'https://cloud.example.org', token_file: '/nonexistent/token' } });
    const result = await runMre(['appliance', 'start', '--config', file], { timeoutMs: 20_000, env: { MRE_DATA_DIR: join(dir, 'data') } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid configuration: sync.token_file: cannot read /nonexistent/token: ENOENT');
  });

  it('sync config - plain http to another machine is warned about once at start; loopback and https are not', () => {
    const journal = captureJournal(defer);
    const { token } = boxToken();
    const logger = createLogger('appliance:sync');
    for (const url of ['http://cloud.example.org', 'http://127.0.0.1:8090', 'http://[::1]:8090', 'http://localhost:8090', 'https://cloud.example.org']) {
      planSync({ enabled: true, url, token, batch_size: 500, timeout_ms: 30_000 }, logger);
    }
    expect(journal).toEqual(['<4>appliance:sync: sync.url is plain http to another machine: the box token crosses the network unencrypted; use https url=http://cloud.example.org']);
  });
});
