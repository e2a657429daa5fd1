/** @module The log on a really full disk (a tiny tmpfs): intake stops loudly, nothing accepted is lost, the log reopens cleanly. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeLog, LogFullError, readAfter, type LogEntry } from '../../../appliance/log/index.ts';
import { configureLogging } from '../../../shared/log/index.ts';

// Mounting a tmpfs needs root: CI runs as root; a developer without it sees this suite skipped, with the reason.
const canMount = process.getuid?.() === 0;
if (!canMount) console.warn('[full-disk] not root: the tmpfs full-disk suite does not run here');

const bulky = (n: number): LogEntry => ({
  message_type: 'PASSING',
  captured_at_us: n,
  payload: { record: { decoder_id: 1, passing_number: n }, filler: 'x'.repeat(2000) },
  passing: { decoder_id: 1, passing_number: n },
});

describe.runIf(canMount || process.env.CI === 'true')('envelope log full disk', () => {
  const mount = mkdtempSync(join(tmpdir(), 'mre-tmpfs-'));
  const lines: string[] = [];
  let restore: ReturnType<typeof configureLogging>;
  beforeAll(() => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
    restore = configureLogging({ write: (line) => lines.push(line) });
  });
  afterAll(() => {
    configureLogging(restore);
    execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  it('envelope log full disk - stops intake with an error, keeps every accepted envelope, and reopens cleanly', async () => {
    const dir = join(mount, 'log');
    // A 1 MB free-space floor on a 2 MB disk: intake stops before LevelDB itself runs out.
    const log = await EnvelopeLog.open({ dir, trackId: 'track-1', clientId: 'box-1', limits: { minFreeBytes: 1024 * 1024 } });
    const accepted: number[] = [];
    let refusal: unknown;
    for (let n = 1; n <= 5000 && !refusal; n++) {
      try {
        const [stored] = await log.append([bulky(n)]);
        accepted.push(stored!.envelope.seq);
      } catch (error) {
        refusal = error;
      }
      if (n % 20 === 0) await log.refreshDisk();
    }
    expect(refusal).toBeInstanceOf(LogFullError);
    expect(log.stats()).toMatchObject({ disk: 'full', refusing: expect.stringMatching(/free|space/) });
    expect(lines.some((l) => l.startsWith('<3>appliance:log:'))).toBe(true);
    await log.close();

    const reopened = await EnvelopeLog.open({ dir, trackId: 'track-1', clientId: 'box-1', limits: { minFreeBytes: 0 } });
    const stored = await readAfter(reopened, 0, 100_000);
    expect(stored.map((s) => s.envelope.seq)).toEqual(accepted);
    await reopened.close();
  });
});
