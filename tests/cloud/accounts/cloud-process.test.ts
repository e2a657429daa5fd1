/** @module `mre cloud start` as a black box with portal users: the first admin made with `mre cloud user add`, sign-ins right and wrong, `mre cloud user passwd` ending a live session, and no password anywhere in the process's output or answers. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminate, trackChild, useCleanups, waitFor } from '../../harness/index.ts';
import { cloudEnv, startServers, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
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
});
