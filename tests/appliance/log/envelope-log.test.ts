/** @module Envelope log tests on real LevelDB directories: order, seq per boot, dedupe, cursor, pruning, full disk, crash safety. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { envelopeBatches, EnvelopeLog, LogFullError, pruneSynced, readAfter, recentPassings, type LogEntry, type StoredEnvelope } from '../../../appliance/log/index.ts';
import { ENGINE_MESSAGE_TYPES } from '../../../shared/race/index.ts';
import type { DiskLimits } from '../../../appliance/log/disk.ts';
import { parseEnvelope } from '../../../shared/contracts/index.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { tempLevelDir } from '../../harness/index.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function openLog(dir?: string, limits?: Partial<DiskLimits>) {
  const path = dir ?? (await tempDir());
  const log = await EnvelopeLog.open({ dir: path, trackId: 'track-1', clientId: 'box-1', ...(limits ? { limits } : {}) });
  cleanups.push(async () => {
    if (log.db.status === 'open') await log.close();
  });
  return { log, dir: path };
}

async function tempDir(): Promise<string> {
  const d = await tempLevelDir('mre-log-');
  cleanups.unshift(d.cleanup);
  return d.path;
}

const passing = (n: number, decoder = 7, at = 1_000_000 + n): LogEntry => ({
  message_type: 'PASSING',
  captured_at_us: at,
  payload: { record: { type: 'PASSING', decoder_id: decoder, passing_number: n }, raw_hex: '8e' },
  passing: { decoder_id: decoder, passing_number: n },
});
/** A passing of one counting run (`run` stands for its RTC times and transponders). */
const runPassing = (n: number, run: string, at: number): LogEntry => ({ ...passing(n, 7, at), passing: { decoder_id: 7, passing_number: n, fingerprint: `${run}-${n}` } });
const status = (at: number): LogEntry => ({ message_type: 'STATUS', captured_at_us: at, payload: { record: { type: 'STATUS' } } });

describe('envelope log', () => {
  it('envelope log - stores valid track_ingest.v2 envelopes with seq 1, 2, 3 and reads them back in order', async () => {
    const { log } = await openLog();
    const stored = await log.append([passing(1), status(5), passing(2)]);
    expect(stored.map((s) => s!.envelope.seq)).toEqual([1, 2, 3]);
    const read = await readAfter(log, 0, 10);
    expect(read.map((r) => r.envelope.message_type)).toEqual(['PASSING', 'STATUS', 'PASSING']);
    for (const { envelope } of read) {
      expect(parseEnvelope(envelope)).toEqual(envelope);
      expect(envelope).toMatchObject({ track_id: 'track-1', client_id: 'box-1', boot_id: log.bootId });
    }
  });

  it('envelope log - a new boot gets a new boot_id and seq restarts at 1, after the old envelopes', async () => {
    const { log, dir } = await openLog();
    await log.append([passing(1), passing(2)]);
    const firstBoot = log.bootId;
    await log.close();
    const { log: again } = await openLog(dir);
    expect(again.bootId).not.toBe(firstBoot);
    const [stored] = await again.append([passing(3)]);
    expect(stored!.envelope.seq).toBe(1);
    const all = await readAfter(again, 0, 10);
    expect(all.map((r) => [r.envelope.boot_id === firstBoot ? 'first' : 'second', r.envelope.seq])).toEqual([['first', 1], ['first', 2], ['second', 1]]);
  });

  it('envelope log - refuses a passing it already holds, within a batch and across restarts, without spending a seq', async () => {
    const { log, dir } = await openLog();
    const first = await log.append([passing(10), passing(10), passing(11)]);
    expect(first.map((s) => s?.envelope.seq ?? null)).toEqual([1, null, 2]);
    expect(await log.append([passing(10, 8)])).toMatchObject([{ envelope: { seq: 3 } }]);
    await log.close();
    const { log: again } = await openLog(dir);
    expect(await again.append([passing(11), passing(12)])).toMatchObject([null, { envelope: { seq: 1 } }]);
  });

  it('envelope log - a counter reset keeps both runs under one number; pruning the old run leaves the new one held, across a restart', async () => {
    const { log, dir } = await openLog();
    await log.append([1, 2, 3].map((n) => runPassing(n, 'a', n * 100)));
    await log.setSyncCursor(3);
    const second = await log.append([runPassing(1, 'b', 1000), runPassing(2, 'b', 1001), runPassing(2, 'a', 1002)]);
    expect(second.map((s) => s?.passing ?? null)).toEqual([{ kind: 'reset', epoch: 2, previous: 3 }, { kind: 'next', epoch: 2 }, null]);
    expect(log.highestPassingNumbers()).toEqual(new Map([[7, 2]]));
    // Pruning runs beside the writer; an append made meanwhile is written after it.
    const [removed, during] = await Promise.all([pruneSynced(log, 500), log.append([runPassing(3, 'b', 1003)])]);
    expect(removed).toBe(3);
    expect(during.map((s) => s?.passing?.kind)).toEqual(['next']);
    await log.close();
    const { log: again } = await openLog(dir);
    expect(again.highestPassingNumbers()).toEqual(new Map([[7, 3]]));
    expect(await again.append([runPassing(1, 'b', 1010), runPassing(3, 'b', 1011), runPassing(5, 'b', 1012)])).toMatchObject([
      null, null, { passing: { kind: 'gap', from: 4, to: 4, missing: 1, epoch: 2, gap: { envelope: { message_type: 'GAP' } } } },
    ]);
    // Cleared while the box was off: the first passing after the restart starts a third run.
    expect(await again.append([runPassing(1, 'c', 2000), runPassing(2, 'c', 2001)])).toMatchObject([
      { passing: { kind: 'reset', epoch: 3, previous: 5 } }, { passing: { kind: 'next', epoch: 3 } },
    ]);
  });

  it('envelope log - group-commits many concurrent appends without a gap or a reorder', async () => {
    const { log } = await openLog();
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => log.append([passing(i + 1)])));
    expect(results.map(([s]) => s!.envelope.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    const read = await readAfter(log, 0, 1000);
    expect(read.map((r) => (r.envelope.payload.record as { passing_number: number }).passing_number)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  });

  it('envelope log - an append issued as the previous batch completes is written, never stranded', async () => {
    const { log } = await openLog();
    // Each append starts from the previous one's resolution: the moment a finishing writer could miss it.
    for (let n = 1; n <= 300; n++) {
      const [stored] = await log.append([passing(n)]);
      expect(stored!.envelope.seq).toBe(n);
    }
    // The same, a few microtask hops later: lands between the writer's last queue check and its exit.
    let n = 1000;
    for (let hops = 0; hops < 16; hops++) {
      await log.append([passing(n++)]);
      for (let i = 0; i < hops; i++) await null;
      const outcome = await Promise.race([log.append([passing(n++)]).then(() => 'written'), new Promise((r) => setTimeout(() => r('stranded'), 2000))]);
      expect(outcome, `append after ${hops} hops`).toBe('written');
    }
  }, 60_000);

  it('envelope log - status reports only what is on disk, never a batch still being written', async () => {
    const { log } = await openLog();
    let settled = false;
    const writing = log.append(Array.from({ length: 2000 }, (_, i) => passing(i + 1))).then(() => (settled = true));
    const seen = new Set<number>();
    while (!settled) {
      seen.add(log.stats().last_seq);
      await new Promise((r) => setImmediate(r));
    }
    await writing;
    expect([...seen]).toEqual([0]);
    expect(log.stats()).toMatchObject({ last_seq: 2000, last_lsn: 2000, unsynced: 2000 });
  });

  it('envelope log - lists the latest passings newest first, skipping other records', async () => {
    const { log } = await openLog();
    await log.append([passing(1), status(2), passing(2), status(3), passing(3)]);
    const latest = await recentPassings(log, 2);
    expect(latest.map((e) => (e.payload.record as { passing_number: number }).passing_number)).toEqual([3, 2]);
  });

  it('envelope log - reads batches for the engine, parsing only the types it reads; the rest come back as their type alone', async () => {
    const { log } = await openLog();
    const control: LogEntry = { message_type: 'CONTROL', captured_at_us: 5, payload: { intent: 'x', note: '"message_type":"STATUS"' } };
    await log.append([passing(1), status(2), control, status(3), passing(2)]);
    const read: StoredEnvelope[] = [];
    for await (const batch of envelopeBatches(log.db, 0, 2, ENGINE_MESSAGE_TYPES)) read.push(...batch);
    const all: StoredEnvelope[] = [];
    for await (const batch of envelopeBatches(log.db, 0, 2)) all.push(...batch);
    expect(read.map((r) => r.lsn)).toEqual(all.map((r) => r.lsn));
    expect(read.map((r) => r.envelope)).toEqual(all.map((r) => (ENGINE_MESSAGE_TYPES.has(r.envelope.message_type) ? r.envelope : { message_type: r.envelope.message_type })));
    expect(read.map((r) => Object.keys(r.envelope).length)).toEqual([9, 1, 9, 1, 9]);
  });

  it('envelope log - types read off the text come back right however they alternate, the skipped ones as their type alone', async () => {
    const { log } = await openLog();
    const typed = (message_type: string, at: number): LogEntry => ({ message_type, captured_at_us: at, payload: { record: { type: message_type } } });
    const types = ['STATUS', 'TOR_0x0010', 'TOR_0x0011', 'STATUS', 'STATUS', 'VERSION', 'PASSING', 'GAP', 'GAP', 'STATUS', 'TOR_0x0010'];
    await log.append(types.map((type, i) => (type === 'PASSING' ? passing(i + 1) : typed(type, i + 1))));
    const read: StoredEnvelope[] = [];
    for await (const batch of envelopeBatches(log.db, 0, 3, ENGINE_MESSAGE_TYPES)) read.push(...batch);
    expect(read.map((r) => r.envelope.message_type)).toEqual(types);
    expect(read.filter((r) => r.envelope.message_type !== 'PASSING').map((r) => Object.keys(r.envelope))).toEqual(types.filter((t) => t !== 'PASSING').map(() => ['message_type']));
  });

  it('envelope log - a bulk read gives batches of the size asked for, not the 16 KiB LevelDB would stop at', async () => {
    const { log } = await openLog();
    const wordy = (n: number): LogEntry => ({ ...passing(n), payload: { record: { type: 'PASSING', decoder_id: 7, passing_number: n }, raw_hex: '8e'.repeat(200) } });
    for (let i = 0; i < 4; i++) await log.append(Array.from({ length: 500 }, (_, j) => wordy(1 + i * 500 + j)));
    const sizes: number[] = [];
    for await (const batch of envelopeBatches(log.db, 0, 600)) sizes.push(batch.length);
    expect(sizes).toEqual([600, 600, 600, 200]);
  });

  it('envelope log - keeps the sync cursor across restarts and prunes only synced envelopes older than the cutoff', async () => {
    const { log, dir } = await openLog();
    await log.append([passing(1, 7, 100), passing(2, 7, 200), passing(3, 7, 300), passing(4, 7, 400)]);
    await log.setSyncCursor(3);
    await expect(log.setSyncCursor(99)).rejects.toThrow(/past the end/);
    expect(await pruneSynced(log, 250)).toBe(2);
    expect((await readAfter(log, 0, 10)).map((r) => r.lsn)).toEqual([3, 4]);
    expect(await pruneSynced(log, 10_000)).toBe(1);
    expect((await readAfter(log, 0, 10)).map((r) => r.lsn)).toEqual([4]);
    await log.close();
    const { log: again } = await openLog(dir);
    expect(again.stats()).toMatchObject({ sync_cursor: 3, last_lsn: 4, unsynced: 1 });
  });

  it('envelope log - stops intake at its size cap with a clear reason, and keeps what it has', async () => {
    const lines: string[] = [];
    const previous = configureLogging({ write: (line) => lines.push(line) });
    cleanups.push(async () => void configureLogging(previous));
    const { log } = await openLog(undefined, { maxLogBytes: 1 });
    expect(log.stats()).toMatchObject({ disk: 'full', refusing: expect.stringContaining('at its cap of 1') });
    await expect(log.append([passing(1)])).rejects.toThrow(LogFullError);
    expect(lines.some((l) => l.startsWith('<3>appliance:log: log full, intake stopped'))).toBe(true);
    expect(log.stats().last_seq).toBe(0);
  });

  it('envelope log - says plainly when another process holds the directory', async () => {
    const { dir } = await openLog();
    await expect(EnvelopeLog.open({ dir, trackId: 'track-1', clientId: 'box-1' })).rejects.toThrow(`log directory ${dir} is in use by another process`);
  });
});

describe('envelope log crash safety', () => {
  const writer = join(fileURLToPath(new URL('.', import.meta.url)), 'crash-writer.ts');

  /** Runs the writer, kills it with SIGKILL after `afterWrites` durable writes, returns what it reported. */
  function runAndKill(dir: string, start: number, afterWrites: number): Promise<{ boot: string; written: Map<number, number> }> {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, String(start), '5000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const written = new Map<number, number>();
    let boot = '';
    let buffer = '';
    return new Promise((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) {
          const [kind, a, b] = line.split(' ');
          if (kind === 'boot') boot = a!;
          if (kind === 'written') written.set(Number(a), Number(b));
          if (written.size === afterWrites) child.kill('SIGKILL');
        }
      });
      child.on('error', reject);
      child.on('exit', () => resolve({ boot, written }));
    });
  }

  it('envelope log crash safety - after kill -9 at several points every reported write is there once, seq gap-free per boot', async () => {
    const dir = await tempDir();
    const reported = new Map<string, Map<number, number>>();
    let start = 1;
    for (const killAt of [37, 811, 2500]) {
      const { boot, written } = await runAndKill(dir, start, killAt);
      expect(written.size).toBeGreaterThanOrEqual(killAt);
      reported.set(boot, written);
      start += 5000;
    }
    const { log } = await openLog(dir);
    const all = await readAfter(log, 0, 100_000);
    const byBoot = new Map<string, number[]>();
    const seen = new Set<number>();
    for (const { envelope } of all) {
      byBoot.set(envelope.boot_id, [...(byBoot.get(envelope.boot_id) ?? []), envelope.seq]);
      // Each boot starts 5000 numbers on: the log writes a GAP before its first passing.
      if (envelope.message_type !== 'PASSING') continue;
      const n = (envelope.payload.record as { passing_number: number }).passing_number;
      expect(seen.has(n)).toBe(false);
      seen.add(n);
    }
    for (const [boot, written] of reported) {
      for (const [n, seq] of written) {
        expect(seen.has(n)).toBe(true);
        expect(all.find((r) => (r.envelope.payload.record as { passing_number: number } | undefined)?.passing_number === n)!.envelope.seq).toBe(seq);
      }
      const seqs = byBoot.get(boot)!;
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
    expect(new Set(byBoot.keys()).size).toBe(3);
  }, 120_000);
});
