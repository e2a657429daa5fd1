/** @module `mre cloud user …` through the real binary against a real nats-server: add, passwd, role, remove, list and API tokens; the password only from stdin, never echoed or stored in clear; refusals with their exit codes. */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPtyEnd, openPtyPair, startNatsServer, trackChild, useCleanups, waitFor, type NatsServer } from '../../harness/index.ts';
import { runMre } from '../../support/run-mre.ts';
import { REPO_ROOT } from '../../support/shared-fixtures.ts';

const defer = useCleanups();

let nats: NatsServer;
let nc: NatsConnection;
let env: Record<string, string>;

const MiB = 1024 * 1024;

beforeAll(async () => {
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url });
  env = { MRE_NATS_URL: nats.url, MRE_CLOUD_DATA_DIR: '/nonexistent-mre-data-dir' };
}, 30_000);
afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

const mre = (args: string[], input?: string) => runMre(['cloud', 'user', ...args], { env, ...(input === undefined ? {} : { input }) });

/** Everything the bucket holds, as text: what a reader of the NATS store would see. */
async function bucketText(): Promise<string> {
  const kv = await new Kvm(jetstream(nc)).open('mre_accounts');
  let text = '';
  for await (const key of await kv.keys()) text += `${key}=${(await kv.get(key))?.string() ?? ''}\n`;
  return text;
}

describe('cloud user cli', () => {
  it('cloud user cli - add reads the password from stdin, makes the bucket when missing and stores only a scrypt hash; list shows the user without it', async () => {
    const password = 'correct-horse-battery-staple';
    const added = await mre(['add', 'alice', '--role', 'admin', '--display-name', 'Alice Racer', '--transponder', '3438895', '--driver-name', 'Alice Racer', '--json'], `${password}\n`);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'alice', role: 'admin', display_name: 'Alice Racer', transponders: ['3438895'], driver_names: ['Alice Racer'] });
    expect(added.stdout + added.stderr).not.toContain(password);
    const stored = await bucketText();
    expect(stored).not.toContain(password);
    expect(stored).toMatch(/"password":"scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}"/);
    const listed = await mre(['list', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({ users: [expect.objectContaining({ name: 'alice', role: 'admin', api_tokens: [] })] });
    expect(listed.stdout).not.toMatch(/scrypt|password/);
    expect((await mre(['list'])).stdout).toMatch(/^alice +admin +Alice Racer\n$/);
    // Driver matching's members hold her at once, her first driver name and transponder.
    const member = await (await new Kvm(jetstream(nc)).open('liverc_users')).get('alice');
    expect(member?.json()).toEqual({ user_id: 'alice', name: 'Alice Racer', transponders: ['3438895'] });
  }, 60_000);

  it('cloud user cli - a second user with the same password gets another hash (its own salt); passwd, role and remove change what list shows', async () => {
    expect((await mre(['add', 'bob', '--role', 'member'], 'correct-horse-battery-staple\n')).code).toBe(0);
    const hashes = [...(await bucketText()).matchAll(/"password":"([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(hashes).size).toBe(2);
    const before = /user\.bob=.*"password":"([^"]+)"/.exec(await bucketText())![1];
    const passwd = await mre(['passwd', 'bob'], 'another-long-password\n');
    expect([passwd.code, passwd.stdout]).toEqual([0, "changed the password of bob; the user's sessions have ended\n"]);
    expect(/user\.bob=.*"password":"([^"]+)"/.exec(await bucketText())![1]).not.toBe(before);
    expect((await mre(['role', 'bob', 'admin'])).stdout).toBe('bob is an admin\n');
    expect(JSON.parse((await mre(['list', '--json'])).stdout).users.map((u: { name: string; role: string }) => [u.name, u.role])).toEqual([['alice', 'admin'], ['bob', 'admin']]);
    expect((await mre(['remove', 'bob'])).code).toBe(0);
    expect(JSON.parse((await mre(['list', '--json'])).stdout).users.map((u: { name: string }) => u.name)).toEqual(['alice']);
  }, 60_000);

  it('cloud user cli - token issue prints a token once for an admin, list shows its id, revoke removes it; a member gets none', async () => {
    const issued = await mre(['token', 'issue', 'alice']);
    expect(issued.code).toBe(0);
    const token = issued.stdout.trim();
    expect(token).toMatch(/^mreu1\.[0-9A-Z]{26}\.[\w-]{43}$/);
    const id = token.split('.')[1]!;
    expect(issued.stderr).toContain(`mre cloud user token revoke ${id}`);
    expect(await bucketText()).not.toContain(token.split('.')[2]!);
    expect(JSON.parse((await mre(['list', '--json'])).stdout).users[0].api_tokens).toEqual([{ id, created_at: expect.any(String) }]);
    expect((await mre(['token', 'revoke', id])).stdout).toBe(`revoked API token ${id} of alice\n`);
    expect((await mre(['token', 'revoke', id])).code).toBe(1);
    expect((await mre(['add', 'carol', '--role', 'member'], 'a-member-password\n')).code).toBe(0);
    const refused = await mre(['token', 'issue', 'carol']);
    expect([refused.code, refused.stderr.trim()]).toEqual([1, "mre cloud user token issue: carol is a member: API tokens are for admins' scripts"]);
  }, 60_000);

  it('cloud user cli - refusals: a short or missing password, a password flag, a bad role or name exit 2; an existing or unknown user exits 1', async () => {
    const short = await mre(['add', 'dave', '--role', 'member'], 'short\n');
    expect([short.code, short.stderr.trim()]).toEqual([2, 'mre cloud user add: a password must be at least 10 characters; nothing was changed']);
    expect((await mre(['add', 'dave', '--role', 'member'], '')).stderr).toMatch(/no password given/);
    expect((await mre(['add', 'dave', '--role', 'member', '--password', 'given-on-argv-123'])).code).toBe(2);
    expect((await mre(['add', 'dave', '--role', 'owner'], 'long-enough-password\n')).stderr.trim()).toBe('mre cloud user add: the role must be admin or member, not "owner"');
    expect((await mre(['add', 'Dave', '--role', 'member'], 'long-enough-password\n')).code).toBe(2);
    const again = await mre(['add', 'alice', '--role', 'member'], 'long-enough-password\n');
    expect([again.code, again.stderr.trim()]).toEqual([1, 'mre cloud user add: user alice exists already']);
    expect((await mre(['passwd', 'nobody'], 'long-enough-password\n')).stderr.trim()).toBe('mre cloud user passwd: user nobody does not exist');
    expect((await mre(['role', 'nobody', 'admin'])).code).toBe(1);
    expect((await mre(['remove', 'nobody'])).code).toBe(1);
    expect(JSON.parse((await mre(['list', '--json'])).stdout).users.map((u: { name: string }) => u.name)).toEqual(['alice', 'carol']);
  }, 90_000);

  it('cloud user cli - the bucket is made with the configured size', async () => {
    const info = await (await jetstreamManager(nc)).streams.info('KV_mre_accounts');
    expect(info.config.max_bytes).toBe(16 * MiB);
  });

  it('cloud user cli - at a terminal the password is asked for twice; two different answers change nothing, the same twice adds the user', async () => {
    const pair = await openPtyPair();
    defer(() => pair.stop());
    const keyboard = await openPtyEnd(pair.b);
    defer(() => keyboard.close());
    const run = async (first: string, second: string) => {
      const fd = openSync(pair.a, constants.O_RDWR | constants.O_NOCTTY);
      const child = trackChild(spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'cloud', 'user', 'add', 'erin', '--role', 'member'], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: [fd, 'pipe', 'pipe'] }));
      closeSync(fd);
      await waitFor('the first prompt', () => child.output().includes('password for erin:') || undefined, 30_000);
      await keyboard.write(`${first}\r`);
      await waitFor('the second prompt', () => child.output().includes('the same password again:') || undefined, 10_000);
      await keyboard.write(`${second}\r`);
      return { exit: await child.exited, output: child.output() };
    };
    const differ = await run('typed-at-a-terminal-1', 'typed-at-a-terminal-2');
    expect(differ.exit.code).toBe(2);
    expect(differ.output).toContain('the two passwords differ; nothing was changed');
    const same = await run('typed-at-a-terminal-1', 'typed-at-a-terminal-1');
    expect(same.exit.code).toBe(0);
    expect(same.output).toContain('added member erin');
    expect(same.output).not.toContain('typed-at-a-terminal');
    expect(JSON.parse((await mre(['list', '--json'])).stdout).users.map((u: { name: string }) => u.name)).toContain('erin');
  }, 90_000);
});
