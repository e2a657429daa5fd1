/** @module Intake on a real log: listeners see envelopes only once durable and in log order; absurd values refused as bad records; warnings that do not flood. */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeLog, readAfter, type StoredEnvelope } from '../../../appliance/log/index.ts';
import { envelopeKey } from '../../../appliance/log/keys.ts';
import { Intake } from '../../../appliance/service/intake.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { decodeAll, encodeRecord, hexTextToBytes, TOR } from '../../../shared/p3/index.ts';
import { tempLevelDir } from '../../harness/index.ts';
import { describeWithShared, sharedPath } from '../../support/shared-fixtures.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const frame = (n: number, rtcUs = 1_551_548_443_067_000 + n) =>
  decodeAll(encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: n, transponder: 3438895, rtc_time_us: rtcUs, decoder_id: 268307 })).good[0]!;
const NOW_US = 1_795_000_000_000_000;

/** A real log in a temp dir, its intake, and every log line written meanwhile. */
async function setUp(warnIntervalMs?: number) {
  const lines: string[] = [];
  const restore = configureLogging({ write: (line) => lines.push(line) });
  cleanups.push(() => void configureLogging(restore));
  const dir = await tempLevelDir('mre-intake-');
  cleanups.push(dir.cleanup);
  const log = await EnvelopeLog.open({ dir: dir.path, trackId: 'track-1', clientId: 'box-1', limits: { minFreeBytes: 0 } });
  cleanups.push(() => log.close());
  const intake = new Intake({ log, ...(warnIntervalMs ? { warnIntervalMs } : {}) });
  cleanups.push(() => intake.stop());
  const warnings = (message: string) => lines.filter((l) => l.startsWith(`<4>appliance:intake: ${message}`));
  return { log, intake, lines, warnings };
}

const envelopesOf = async (log: EnvelopeLog, type: string) => (await readAfter(log, 0, 100_000)).filter((s) => s.envelope.message_type === type).map((s) => s.envelope.payload);

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

  it('intake - an absurd passing number or decoder clock is refused as a bad record, counted and warned once, and the next sane passing follows on', async () => {
    const { log, intake, warnings } = await setUp();
    for (let n = 1; n <= 10; n++) await intake.accept(frame(n), NOW_US + n);
    await intake.accept(frame(4_294_967_295), NOW_US + 11);
    // 7.2e15 µs ahead of the box: the value a corrupted decoder stream produced.
    await intake.accept(frame(11, NOW_US + 7.2e15), NOW_US + 12);
    const getTime = decodeAll(encodeRecord({ type: 'GET_TIME', tor: TOR.GET_TIME, version: 2, rtc_time_us: NOW_US + 7.2e15, decoder_id: 268307 })).good[0]!;
    await intake.accept(getTime, NOW_US + 13);
    for (const n of [11, 12]) await intake.accept(frame(n), NOW_US + 13 + n);

    expect(intake.counts).toMatchObject({ bad_records: 3, bad_record_reasons: { passing_number_jump: 1, decoder_clock: 2 }, passings_this_boot: 12, gaps: 0, missing_passings: 0, counter_resets: 0 });
    expect(await envelopesOf(log, 'GAP')).toEqual([]);
    expect(await envelopesOf(log, 'GET_TIME')).toEqual([]);
    expect((await envelopesOf(log, 'PASSING')).map((p) => (p.record as { passing_number: number }).passing_number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(warnings('decoder record refused as bad')).toHaveLength(1);
    expect(warnings('decoder record refused as bad')[0]).toContain('passing_number=4294967295');
    intake.stop();
    expect(warnings('decoder record refused as bad')).toHaveLength(2);
    expect(warnings('decoder record refused as bad')[1]).toMatch(/count=2 reasons=decoder_clock:2/);
  });

  it('intake - a jump beyond the bound is believed once the next passing continues from it', async () => {
    const { log, intake } = await setUp();
    await intake.accept(frame(1), NOW_US + 1);
    await intake.accept(frame(500_000), NOW_US + 2);
    await intake.accept(frame(500_001), NOW_US + 3);
    await intake.accept(frame(500_002), NOW_US + 4);
    expect(intake.counts).toMatchObject({ bad_records: 1, passings_this_boot: 3, gaps: 1, missing_passings: 499_999 });
    expect(await envelopesOf(log, 'GAP')).toEqual([{ decoder_id: 268307, from: 2, to: 500_000, missing: 499_999, epoch: 1, reason: 'not_received' }]);
  });

  it('intake - thousands of gaps from a corrupted stream are all recorded but warned in one line and one summary with the count', async () => {
    const { log, intake, warnings } = await setUp();
    await Promise.all(Array.from({ length: 2000 }, (_, i) => intake.accept(frame(1 + 2 * i), NOW_US + i)));
    expect(intake.counts).toMatchObject({ gaps: 1999, missing_passings: 1999 });
    expect(await envelopesOf(log, 'GAP')).toHaveLength(1999);
    expect(warnings('passing numbers missing')).toHaveLength(1);
    intake.stop();
    expect(warnings('passing numbers missing')).toHaveLength(2);
    expect(warnings('passing numbers missing')[1]).toContain('count=1998');
  });
});

describeWithShared('intake real captures', ['fixtures/p3/vmindru_amb_2019-03-02.hexlines.txt'], () => {
  it('intake - a 2019 capture replayed by a box in 2026 is logged whole: its decoder clock is old, not absurd', async () => {
    const { log, intake } = await setUp();
    const { good } = decodeAll(hexTextToBytes(readFileSync(sharedPath('fixtures/p3/vmindru_amb_2019-03-02.hexlines.txt'), 'utf8')));
    for (const decoded of good) await intake.accept(decoded, NOW_US);
    expect(intake.counts).toMatchObject({ bad_records: 0, passings_this_boot: 84, gaps: 0, duplicates_dropped: 0 });
    expect(await envelopesOf(log, 'PASSING')).toHaveLength(84);
  });
});
