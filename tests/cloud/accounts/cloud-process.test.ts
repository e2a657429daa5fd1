/** @module `mre cloud start` as a black box with portal users: the first admin made with `mre cloud user add`, sign-ins right and wrong, `mre cloud user passwd` ending a live session, and no password anywhere in the process's output or answers. */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, terminate, trackChild, useCleanups, waitFor } from '../../harness/index.ts';
import { cloudEnv, startServers, TEST_CONTACT, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
import { serveTrackList } from '../../support/liverc-pages/site.ts';
import { logIn, overHttp } from '../../support/portal-login.ts';
import { runMre } from '../../support/run-mre.ts';
import { REPO_ROOT } from '../../support/shared-fixtures.ts';
import { freshAddress, login, send } from './support.ts';

const defer = useCleanups();
let servers: Servers;
let env: Record<string, string>;

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  env = cloudEnv(servers.nats, servers.fake, { MRE_ACCOUNTS_TRUST_PROXY: 'true' });
}, 60_000);
afterAll(async () => {
  await servers?.stop();
});

const mre = (args: string[], input?: string) => runMre(args, { env, ...(input === undefined ? {} : { input }) });

describe('portal accounts in a cloud process', () => {
  it('portal process - failed logins are logged as warnings naming the address and known user, never a password; passwd from the CLI ends the live session', async () => {
    const password = 'first-admin-password-7c1e';
    const wrongOne = 'wrong-guess-password-93ab';
    const newPassword = 'second-admin-password-55d2';
    const child = trackChild(spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'cloud', 'start'], { cwd: REPO_ROOT, env: { ...process.env, ...env } }));
    defer(() => terminate(child, 'SIGKILL'));
    const url = await waitFor('the cloud banner', () => /accounts: +sign in at POST (http:\/\/\S+)\/api\/auth\/login/.exec(child.output())?.[1], 30_000);

    const added = await mre(['cloud', 'user', 'add', 'boss', '--role', 'admin'], `${password}\n`);
    expect(added.code).toBe(0);
    // The first refusal is logged at once; later ones within the minute go into one summary line.
    const wrong = await login(url, 'boss', wrongOne, '203.0.113.7');
    expect(wrong.status).toBe(401);
    await waitFor('the refused login in the log', () => /^<4>cloud:accounts: portal login refused .*remote=203\.0\.113\.7 user=boss reason=wrong_password/m.test(child.output()) || undefined, 10_000);
    // No default user or password.
    expect((await login(url, 'admin', 'admin', freshAddress())).status).toBe(401);
    // A password typed into the name field must not reach the log either.
    expect((await login(url, wrongOne, password, '203.0.113.7')).status).toBe(401);
    const session = await logIn(overHttp(url), 'boss', password);
    const me = await send(url, 'GET', '/api/auth/me', { headers: session.headers() });
    expect(me.body.user.name).toBe('boss');

    expect((await mre(['cloud', 'user', 'passwd', 'boss'], `${newPassword}\n`)).code).toBe(0);
    expect((await send(url, 'GET', '/api/auth/me', { headers: session.headers() })).status).toBe(401);
    expect((await login(url, 'boss', password, freshAddress())).status).toBe(401);
    const renewed = await login(url, 'boss', newPassword, freshAddress());
    expect(renewed.status).toBe(200);
    for (const answer of [wrong, me, renewed]) for (const p of [password, wrongOne, newPassword]) expect(answer.text).not.toContain(p);

    const exit = await terminate(child, 'SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    const output = child.output();
    expect(output).toMatch(/portal login refused/);
    for (const p of [password, wrongOne, newPassword]) expect(output).not.toContain(p);
  }, 90_000);

  it('portal process - a cloud on a real NATS without a session secret refuses to start the liverc role, exit 2 naming accounts.session_secret', async () => {
    const result = await runMre(['cloud', 'start'], { env: { ...env, MRE_ACCOUNTS_SESSION_SECRET: '' }, timeoutMs: 60_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/accounts\.session_secret: portal sessions need a secret of at least 32 bytes/);
  }, 60_000);

  it('portal process - an embedded cloud makes its own session secret in the data dir, and mre cloud user finds its NATS there', async () => {
    const dataDir = await makeTempDir('mre-accounts-embedded');
    defer(() => removeTempDir(dataDir));
    const bare: NodeJS.ProcessEnv = { ...process.env, MRE_CLOUD_DATA_DIR: dataDir, MRE_HTTP_PORT: '0', MRE_LIVERC_CONTACT: TEST_CONTACT, MRE_CLOUD_ROLES: 'liverc' };
    for (const key of ['NATS_URL', 'MRE_NATS_URL', 'MRE_ACCOUNTS_SESSION_SECRET', 'MRE_ACCOUNTS_SESSION_SECRET_FILE']) delete bare[key];
    const child = trackChild(spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'cloud', 'start'], { cwd: REPO_ROOT, env: bare, stdio: ['ignore', 'pipe', 'pipe'] }));
    // SIGTERM first: a cloud killed with -9 would leave its own nats-server running.
    defer(() => terminate(child, 'SIGTERM'));
    const url = await waitFor('the cloud banner', () => /accounts: +sign in at POST (http:\/\/\S+)\/api\/auth\/login/.exec(child.output())?.[1], 60_000);
    expect(child.output()).toContain(`a new session secret was written to ${join(dataDir, 'session-secret')}`);
    expect(statSync(join(dataDir, 'session-secret')).mode & 0o777).toBe(0o600);
    const added = await runMre(['cloud', 'user', 'add', 'first', '--role', 'admin'], { env: bare, input: 'embedded-admin-password\n', timeoutMs: 30_000 });
    expect(added.code, added.stderr).toBe(0);
    const session = await logIn(overHttp(url), 'first', 'embedded-admin-password');
    expect((await send(url, 'GET', '/api/auth/me', { headers: session.headers() })).body.user.name).toBe('first');
    expect(await terminate(child, 'SIGTERM')).toEqual({ code: 0, signal: null });
  }, 120_000);
});
