/** @module Envelope log: a record appended while maintenance holds the writer (the prune at every start) is written once it is done, and the writer keeps going. */
import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeLog, type LogEntry } from '../../../appliance/log/index.ts';
import { tempLevelDir } from '../../harness/index.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const passing = (n: number): LogEntry => ({
  message_type: 'PASSING',
  captured_at_us: 1_000_000 + n,
  payload: { record: { type: 'PASSING', decoder_id: 7, passing_number: n }, raw_hex: '8e' },
  passing: { decoder_id: 7, passing_number: n },
});

describe('envelope log writer gate', () => {
  it('envelope log - a passing appended during exclusive maintenance is written after it, and so is the next one', async () => {
    const dir = await tempLevelDir('mre-log-gate-');
    cleanups.push(dir.cleanup);
    const log = await EnvelopeLog.open({ dir: dir.path, trackId: 'track-1', clientId: 'box-1' });
    // LevelDB closed directly: a stuck writer would make log.close() wait for ever.
    cleanups.push(async () => {
      if (log.db.status === 'open') await log.db.close();
    });

    let during: ReturnType<EnvelopeLog['append']> | undefined;
    await log.exclusive(async () => {
      during = log.append([passing(1)]);
    });
    const written = Promise.all([during!, log.append([passing(2)])]);
    // A bound on "never", not a timing: a stuck writer leaves both appends pending for good.
    const stuck = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 5000).unref());
    const outcome = await Promise.race([written, stuck]);
    expect(outcome).not.toBe('stuck');
    const [[first], [second]] = outcome as Awaited<typeof written>;
    expect(second!.envelope.seq).toBe(first!.envelope.seq + 1);
  });
});
