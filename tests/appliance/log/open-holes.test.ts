/** @module Open holes: the numbers a decoder's current epoch still misses, kept on disk with the passings that open and fill them. */
import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeLog, type LogEntry } from '../../../appliance/log/index.ts';
import { MAX_OPEN_HOLES, withHole, withoutNumber, type Hole } from '../../../appliance/log/open-holes.ts';
import { tempLevelDir } from '../../harness/index.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function openLog(dir: string) {
  const log = await EnvelopeLog.open({ dir, trackId: 'track-1', clientId: 'box-1' });
  cleanups.push(async () => {
    if (log.db.status === 'open') await log.close();
  });
  return log;
}

/** A passing of counting run `run` (which stands for its RTC times and transponders). */
const passing = (n: number, run = 'a', decoder = 7): LogEntry => ({
  message_type: 'PASSING',
  captured_at_us: 1_000_000 + n,
  payload: { record: { type: 'PASSING', decoder_id: decoder, passing_number: n }, raw_hex: '8e' },
  passing: { decoder_id: decoder, passing_number: n, fingerprint: `${run}-${n}` },
});

describe('open holes', () => {
  it('open holes - ranges merge when they touch, a filled number splits its range, and only the newest ranges are kept', () => {
    expect(withHole(withHole([], 10, 12), 5, 6)).toEqual([[5, 6], [10, 12]]);
    expect(withHole([[5, 6], [10, 12]], 7, 9)).toEqual([[5, 12]]);
    expect(withoutNumber([[5, 12]], 8)).toEqual([[5, 7], [9, 12]]);
    expect(withoutNumber([[5, 5]], 5)).toEqual([]);
    const holes: Hole[] = [[1, 1]];
    expect(withoutNumber(holes, 3)).toBe(holes);
    let many: Hole[] = [];
    for (let i = 0; i <= MAX_OPEN_HOLES; i++) many = withHole(many, i * 10, i * 10 + 1);
    expect(many).toHaveLength(MAX_OPEN_HOLES);
    expect(many[0]).toEqual([10, 11]);
  });

  it('open holes - a gap stays open on disk until late passings fill it, across restarts; a counter reset closes the old epoch\'s holes', async () => {
    const dir = await tempLevelDir('mre-holes-');
    cleanups.unshift(dir.cleanup);
    let log = await openLog(dir.path);
    await log.append([1, 2, 3, 8, 9].map((n) => passing(n)));
    await log.append([passing(5), passing(20, 'a', 8), passing(23, 'a', 8)]);
    expect(log.openHoles()).toEqual(new Map([[7, [[4, 4], [6, 7]]], [8, [[21, 22]]]]));
    await log.close();

    log = await openLog(dir.path);
    expect(log.openHoles()).toEqual(new Map([[7, [[4, 4], [6, 7]]], [8, [[21, 22]]]]));
    await log.append([passing(4), passing(6), passing(7)]);
    expect(log.openHoles()).toEqual(new Map([[8, [[21, 22]]]]));
    await log.append([passing(12), passing(2, 'b')]);
    // Decoder 7 counted again from 2: 10..11 belonged to the old run, which no decoder can resend.
    expect(log.openHoles()).toEqual(new Map([[8, [[21, 22]]]]));
    await log.close();

    log = await openLog(dir.path);
    expect(log.openHoles()).toEqual(new Map([[8, [[21, 22]]]]));
  });
});
