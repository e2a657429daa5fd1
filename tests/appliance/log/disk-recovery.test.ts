/** @module LevelDB's own ENOSPC on a real tmpfs: intake comes back by itself once there is room, refused passings become a GAP, nothing durable is lost or doubled. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeLog, LogFullError, readAfter } from '../../../appliance/log/index.ts';
import { Intake } from '../../../appliance/service/intake.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { decodeAll, encodeRecord, TOR } from '../../../shared/p3/index.ts';

const canMount = process.getuid?.() === 0;
if (!canMount) console.warn('[disk-recovery] not root: the tmpfs suite does not run here');

const DECODER = 268307;
const frame = (n: number) =>
  decodeAll(encodeRecord({ type: 'PASSING', tor: TOR.PASSING, version: 2, passing_number: n, transponder: 3438895, rtc_time_us: 1_795_000_000_000_000 + n * 1_000_000, decoder_id: DECODER })).good[0]!;
const atUs = (n: number) => 1_795_000_000_000_000 + n;
const passingNumbers = (stored: Awaited<ReturnType<typeof readAfter>>) =>
  stored.filter((s) => s.envelope.message_type === 'PASSING').map((s) => (s.envelope.payload.record as { passing_number: number }).passing_number);

describe.runIf(canMount || process.env.CI === 'true')('envelope log disk recovery', () => {
  const mount = mkdtempSync(join(tmpdir(), 'mre-tmpfs-'));
  const lines: string[] = [];
  let restore: ReturnType<typeof configureLogging>;
  beforeAll(() => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=10m', 'tmpfs', mount]);
    restore = configureLogging({ write: (line) => lines.push(line) });
  });
  afterAll(() => {
    configureLogging(restore);
    execFileSync('umount', ['-l', mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  it('envelope log disk recovery - after LevelDB runs out of space, freeing room resumes intake by itself; refused passings are a GAP and a count that survives a restart', async () => {
    const dir = join(mount, 'log');
    const filler = join(mount, 'filler');
    writeFileSync(filler, randomBytes(3 * 1024 * 1024));
    // No free-space floor: LevelDB itself must hit ENOSPC.
    const log = await EnvelopeLog.open({ dir, trackId: 'track-1', clientId: 'box-1', limits: { minFreeBytes: 0 } });
    const intake = new Intake({ log, lastLogged: log.highestPassingNumbers() });
    await Promise.all(Array.from({ length: 100 }, (_, i) => intake.accept(frame(i + 1), atUs(i + 1))));
    expect(intake.counts.passings_this_boot).toBe(100);

    // Decoder STATUS noise, incompressible, until LevelDB refuses a write.
    let refusal: unknown;
    for (let i = 0; i < 20_000 && !refusal; i++) {
      await log.append(Array.from({ length: 20 }, () => ({ message_type: 'STATUS' as const, captured_at_us: atUs(1000 + i), payload: { noise: randomBytes(1500).toString('hex') } }))).catch((error: unknown) => (refusal = error));
    }
    expect(refusal).toBeInstanceOf(LogFullError);
    expect(log.stats()).toMatchObject({ disk: 'full', refusing: expect.stringMatching(/space/i) });
    const durable = log.stats().last_seq;

    // 65 passings arrive while the disk is full.
    await Promise.all(Array.from({ length: 65 }, (_, i) => intake.accept(frame(101 + i), atUs(101 + i))));
    expect(intake.counts.refused_log_full).toBe(65);
    // Still full: the periodic check keeps intake stopped rather than announcing a resume that fails.
    await log.refreshDisk();
    expect(log.stats().refusing).not.toBeNull();

    rmSync(filler);
    await log.refreshDisk();
    expect(log.stats()).toMatchObject({ refusing: null, disk: 'ok', refused_log_full: { passings: 65 } });
    expect(lines.some((l) => l.startsWith('<6>appliance:log: log has room again, intake resumed'))).toBe(true);
    await log.flush();

    // The next passings follow on; a replay of an old one is still a repeat (the index is intact).
    await Promise.all([166, 167, 168].map((n) => intake.accept(frame(n), atUs(n))));
    await intake.accept(frame(50), atUs(50));
    expect(intake.counts).toMatchObject({ passings_this_boot: 103, duplicates_dropped: 1, gaps: 1, missing_passings: 65 });
    expect(log.stats().last_seq).toBeGreaterThan(durable);
    await log.close();

    const reopened = await EnvelopeLog.open({ dir, trackId: 'track-1', clientId: 'box-1', limits: { minFreeBytes: 0 } });
    expect(reopened.stats().refused_log_full).toMatchObject({ passings: 65 });
    const stored = await readAfter(reopened, 0, 1_000_000);
    const seqs = stored.filter((s) => s.envelope.boot_id === log.bootId).map((s) => s.envelope.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(passingNumbers(stored)).toEqual([...Array.from({ length: 100 }, (_, i) => i + 1), 166, 167, 168]);
    expect(stored.filter((s) => s.envelope.message_type === 'GAP').map((s) => s.envelope.payload)).toEqual([
      { decoder_id: DECODER, from: 101, to: 165, missing: 65, refused: 65, reason: 'refused_log_full' },
    ]);
    await reopened.close();
  }, 120_000);
});
