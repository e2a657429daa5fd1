/** @module Intake on a real log: listeners see envelopes only once durable and in log order; a failing listener stops nothing. */
import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeLog, type StoredEnvelope } from '../../../appliance/log/index.ts';
import { envelopeKey } from '../../../appliance/log/keys.ts';
import { Intake } from '../../../appliance/service/intake.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { decodeAll, encodeRecord } from '../../../shared/p3/index.ts';
import { tempLevelDir } from '../../harness/index.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const frame = (n: number) =>
  decodeAll(encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: n, transponder: 3438895, rtc_time_us: 1_551_548_443_067_000 + n, decoder_id: 268307 })).good[0]!;

describe('intake', () => {
  it('intake - listeners see each envelope after it is on disk, in log order; a throwing listener stops nothing', async () => {
    const lines: string[] = [];
    const restore = configureLogging({ write: (line) => lines.push(line) });
    cleanups.push(() => void configureLogging(restore));
    const dir = await tempLevelDir('mre-intake-');
    cleanups.push(dir.cleanup);
    const log = await EnvelopeLog.open({ dir: dir.path, trackId: 'track-1', clientId: 'box-1', limits: { minFreeBytes: 0 } });
    cleanups.push(() => log.close());
    const intake = new Intake({ log });

    const seen: StoredEnvelope[] = [];
    const onDiskWhenSeen: boolean[] = [];
    intake.onStored(() => {
      throw new Error('listener exploded');
    });
    intake.onStored((stored) => {
      seen.push(stored);
      // The log's durable counter moves only after the batch's fsync: it must already cover this envelope.
      onDiskWhenSeen.push(log.stats().last_lsn >= stored.lsn);
    });
    await Promise.all([1, 2, 3, 4, 5].map((n) => intake.accept(frame(n), 1_795_000_000_000_000 + n)));

    expect(seen.map((s) => (s.envelope.payload.record as { passing_number: number }).passing_number)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((s) => s.lsn)).toEqual([1, 2, 3, 4, 5]);
    expect(onDiskWhenSeen).toEqual([true, true, true, true, true]);
    expect(await Promise.all(seen.map((s) => log.db.has(envelopeKey(s.lsn))))).toEqual([true, true, true, true, true]);
    expect(lines.filter((l) => l.startsWith('<3>appliance:intake: intake listener failed event=stored'))).toHaveLength(5);
    expect(intake.counts.passings_this_boot).toBe(5);
  });
});
