/** @module The operator PIN's door on the real appliance process: guessing is slowed then refused per address and across addresses, a right PIN from elsewhere still works, warnings are rate-limited, and short PINs are refused at start. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, useCleanups } from '../../harness/index.ts';
import { runMre } from '../../support/run-mre.ts';
import { PIN, postIntent, spawnBox, type Answer } from './box-process.ts';

const defer = useCleanups();

const EVENT = { event_id: 'club-day', name: 'Club day' };
const warnLines = (output: string, remote: string) => output.split('\n').filter((l) => l.startsWith('<4>') && l.includes('PIN') && l.includes(`remote=${remote}`));

async function guesses(port: number, from: string, count: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < count; i++) answers.push(await postIntent(port, 'event.setup', EVENT, String(10_000_000 + i), from));
  return answers;
}

describe('operator PIN', () => {
  it('operator PIN - an address guessing is refused with 429 and Retry-After after a few tries, while the right PIN from another address still works', async () => {
    const box = await spawnBox(defer);
    const answers = await guesses(box.port, '127.0.0.3', 200);
    const statuses = answers.map((a) => a.status);
    // Three typos are free; the fourth wrong PIN makes the next try wait.
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(8);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(190);
    const locked = answers.find((a) => a.status === 429)!;
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(locked.body).toMatchObject({ locked: 'address', retry_after_s: Number(locked.headers['retry-after']) });
    expect(locked.body.error).toMatch(/^too many wrong PINs from this device: .* try again then$/);
    // Locked out, the right PIN is refused too: the lock is on the address, not on the guess.
    expect((await postIntent(box.port, 'event.setup', EVENT, PIN, '127.0.0.3')).status).toBe(429);

    expect((await postIntent(box.port, 'event.setup', EVENT, PIN, '127.0.0.2')).status).toBe(200);
    // A warning with the address, but not one per guess.
    const lines = warnLines(box.output(), '127.0.0.3');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(2);
  }, 120_000);

  it('operator PIN - many addresses share one budget of wrong PINs; a device that gave the right PIN keeps working', async () => {
    const box = await spawnBox(defer);
    expect((await postIntent(box.port, 'event.setup', EVENT, PIN, '127.0.0.2')).status).toBe(200);
    const statuses: number[] = [];
    // Three free typos each from twenty addresses would be sixty guesses without a shared budget.
    for (let a = 10; a < 30; a++) for (const answer of await guesses(box.port, `127.0.0.${a}`, 3)) statuses.push(answer.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(31);
    const fresh = await postIntent(box.port, 'event.setup', EVENT, '55555555', '127.0.0.99');
    expect(fresh.status).toBe(429);
    expect(fresh.body).toMatchObject({ locked: 'all' });
    expect(Number(fresh.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await postIntent(box.port, 'event.setup', EVENT, PIN, '127.0.0.2')).status).toBe(200);
    expect(box.output()).toContain('race control refusing PINs from new devices');
  }, 120_000);

  it('operator PIN - a PIN shorter than six characters is refused at start, from MRE_CONTROL_TOKEN or from data_dir/control-token', async () => {
    const dir = await makeTempDir('mre-pin');
    defer(() => removeTempDir(dir));
    const fromEnv = await runMre(['appliance', 'start'], { env: { MRE_DATA_DIR: dir, MRE_CONTROL_TOKEN: '1234', MRE_HTTP_PORT: '0' } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain('control.token: token must be at least 6 digits or characters');
    expect(fromEnv.stderr).toContain('MRE_CONTROL_TOKEN');
    writeFileSync(join(dir, 'control-token'), '1234\n');
    const fromFile = await runMre(['appliance', 'start'], { env: { MRE_DATA_DIR: dir, MRE_CONTROL_TOKEN: '', MRE_HTTP_PORT: '0', MRE_HTTP_HOST: '127.0.0.1', MRE_LOG_MIN_FREE_BYTES: '0' } });
    expect(fromFile.code).not.toBe(0);
    expect(fromFile.stderr).toContain(`${join(dir, 'control-token')}: the operator PIN there is shorter than 6 characters`);
  }, 120_000);
});
