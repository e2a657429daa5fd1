/** @module The real appliance process on a tmpfs that fills up: LevelDB's own ENOSPC, then room again; intake resumes by itself and what it refused is a GAP and a count in /api/status. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeRecord, TOR } from '../../../shared/p3/index.ts';
import { REPO_ROOT } from '../../support/shared-fixtures.ts';
import { startDecoderServer } from '../decoder/helpers.ts';
import { freePort, getJson, passingNumbers, readLogDir, waitFor } from './support.ts';

const canMount = process.getuid?.() === 0;
if (!canMount) console.warn('[full-disk-process] not root: the tmpfs suite does not run here');

const DECODER = 0x41813;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

const passing = (n: number) =>
  encodeRecord({ type: 'PASSING', tor: TOR.PASSING, version: 2, passing_number: n, transponder: 5_000_000 + (n % 11), rtc_time_us: 1_795_000_000_000_000 + n * 1_000_000, strength: 120, hits: 30, flags: 0, decoder_id: DECODER });

interface Status {
  intake: { passings_this_boot: number; refused_log_full: number };
  log: { refusing: string | null; disk: string; refused_log_full: { records: number; passings: number } };
  decoder: { state: string };
}

async function startBox(dataDir: string, decoderPort: number) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'appliance', 'start'], {
    cwd: REPO_ROOT,
    env: { ...process.env, MRE_DATA_DIR: dataDir, MRE_HTTP_HOST: '127.0.0.1', MRE_HTTP_PORT: String(port), MRE_LOG_MIN_FREE_BYTES: '0', MRE_DECODER_SOURCE: `tcp://127.0.0.1:${decoderPort}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(() => child.kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  await waitFor('appliance HTTP up', async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok, 30_000);
  const status = async () => (await getJson(`${url}/api/status`)).body as unknown as Status;
  return { child, output: () => output, exited, status };
}

describe.runIf(canMount || process.env.CI === 'true')('appliance process full disk', () => {
  const mount = mkdtempSync(join(tmpdir(), 'mre-tmpfs-'));
  beforeAll(() => execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mount]));
  afterAll(() => {
    execFileSync('umount', ['-l', mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  it('appliance process full disk - LevelDB out of space, then room again: intake resumes by itself, refused passings are a GAP, the refused count survives a restart', async () => {
    const dataDir = join(mount, 'data');
    const sockets: net.Socket[] = [];
    const decoder = await startDecoderServer((socket) => sockets.push(socket));
    cleanups.push(() => decoder.close());
    const send = (numbers: number[]) => sockets.at(-1)!.write(Buffer.concat(numbers.map(passing)));
    const box = await startBox(dataDir, decoder.port);
    await waitFor('decoder connected', () => sockets.length === 1);
    const sent: number[] = [];
    let next = 1;
    const sendNext = (count: number) => {
      const numbers = Array.from({ length: count }, () => next++);
      sent.push(...numbers);
      send(numbers);
    };
    sendNext(50);
    await waitFor('first passings logged', async () => (await box.status()).intake.passings_this_boot === 50);

    // Leave LevelDB room for its 4 MB write-ahead log but not for the table it then turns it
    // into, with no free-space floor: it runs out itself, in the background, which sticks.
    const filler = join(mount, 'filler');
    const { bavail, bsize } = statfsSync(mount);
    writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 5 * 1024 * 1024), 7));
    const full = await waitFor('LevelDB out of space', async () => {
      const s = await box.status();
      if (s.log.refusing !== null) return s;
      sendNext(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return undefined;
    }, 60_000);
    expect(full.log.refusing).toMatch(/space/i);
    const refusedBefore = full.intake.refused_log_full;
    sendNext(40);
    await waitFor('40 more refused', async () => (await box.status()).intake.refused_log_full >= refusedBefore + 40);

    rmSync(filler);
    // Nobody restarts anything: the box's own disk check brings intake back.
    await waitFor('intake resumed', async () => (await box.status()).log.refusing === null, 30_000);
    sendNext(30);
    const last = sent.at(-1)!;
    const resumed = await waitFor('every passing logged or refused', async () => {
      const s = await box.status();
      return s.intake.passings_this_boot + s.intake.refused_log_full === sent.length ? s : undefined;
    });
    // The 30 sent after the room came back are on disk, not refused like those before.
    expect(resumed.intake.refused_log_full).toBe(refusedBefore + 40);
    expect(resumed.log.refused_log_full.passings).toBe(resumed.intake.refused_log_full);
    box.child.kill('SIGTERM');
    expect(await box.exited).toBe(0);

    const again = await startBox(dataDir, decoder.port);
    expect((await again.status()).log.refused_log_full).toEqual(resumed.log.refused_log_full);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);

    const envelopes = await readLogDir(join(dataDir, 'log'));
    const logged = passingNumbers(envelopes);
    expect(new Set(logged).size).toBe(logged.length);
    expect(logged.at(-1)).toBe(last);
    const gaps = envelopes.filter((e) => e.message_type === 'GAP').map((e) => e.payload as { from: number; to: number; reason: string; refused?: number });
    expect(gaps.some((g) => g.reason === 'refused_log_full' && g.refused === resumed.log.refused_log_full.passings)).toBe(true);
    // Every passing the decoder sent is logged or inside a recorded gap: nothing vanished silently.
    const accounted = new Set(logged);
    for (const { from, to } of gaps) for (let n = from; n <= to; n++) accounted.add(n);
    expect(sent.filter((n) => !accounted.has(n))).toEqual([]);
    for (const boot of new Set(envelopes.map((e) => e.boot_id))) {
      const seqs = envelopes.filter((e) => e.boot_id === boot).map((e) => e.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
  }, 180_000);
});
