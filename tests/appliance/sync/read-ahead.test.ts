/** @module The sync loop reads the next batch while one is in flight: sent as read when the cloud takes the batch before it in full, dropped for a fresh read from the acknowledged lsn after a partial acknowledgement or a failure. */
import { describe, expect, it } from 'vitest';
import { useCleanups, waitFor } from '../../harness/index.ts';
import { countReads, heldCloud } from './held-cloud.ts';
import { boxDir, boxToken, passingEntries, startLoop } from './support.ts';

const defer = useCleanups();
const seqs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('box sync read-ahead', () => {
  it('box sync read-ahead - the next batch is read while the one before it is in flight, and sent as read once that one is taken in full', async () => {
    const cloud = await heldCloud(defer);
    const log = await (await boxDir(defer)).open();
    await log.append(passingEntries(1, 1200));
    const reads = countReads(log);
    const loop = startLoop(defer, log, cloud.url, boxToken().token);

    const first = await cloud.request(0);
    expect(first.seqs).toEqual(seqs(1, 500));
    await waitFor('the read after lsn 500 while the first batch is in flight', () => reads.includes(500), 5_000);
    expect(first.answered).toBe(false);
    first.ack();

    const second = await cloud.request(1);
    expect(second.seqs).toEqual(seqs(501, 1000));
    await waitFor('the read after lsn 1000 while the second batch is in flight', () => reads.includes(1000), 5_000);
    cloud.ackAll();
    await waitFor('everything acknowledged', () => loop.status().cursor_lsn === 1200);

    expect(cloud.requests.map((r) => r.seqs)).toEqual([seqs(1, 500), seqs(501, 1000), seqs(1001, 1200)]);
    // Each batch read once: none read again after its answer.
    expect(reads).toEqual([0, 500, 1000]);
    expect(loop.status()).toMatchObject({ state: 'online', drained_this_boot: 1200, requests_this_boot: 3 });
  });

  it('box sync read-ahead - a partial acknowledgement or a 503 drops the batch read ahead, and the next request starts after what was acknowledged', async () => {
    const cloud = await heldCloud(defer);
    const log = await (await boxDir(defer)).open();
    await log.append(passingEntries(1, 1000));
    const reads = countReads(log);
    const loop = startLoop(defer, log, cloud.url, boxToken().token, { backoff: { initialMs: 10, maxMs: 10 } });

    const first = await cloud.request(0);
    await waitFor('the read after lsn 500 while the first batch is in flight', () => reads.includes(500), 5_000);
    first.ack(200);

    const second = await cloud.request(1);
    expect(second.seqs).toEqual(seqs(201, 700));
    await waitFor('the read after lsn 700 while the second batch is in flight', () => reads.includes(700), 5_000);
    second.fail(503, 'JetStream did not answer in time');

    const third = await cloud.request(2);
    expect(third.seqs).toEqual(seqs(201, 700));
    cloud.ackAll();
    await waitFor('everything acknowledged', () => loop.status().cursor_lsn === 1000);

    expect(cloud.requests.map((r) => [r.seqs[0], r.seqs.at(-1)])).toEqual([[1, 500], [201, 700], [201, 700], [701, 1000]]);
    // What was read ahead of the partly taken and the failed batch is read again from the acknowledged lsn.
    expect(reads).toEqual([0, 500, 200, 700, 200, 700]);
    expect(loop.status()).toMatchObject({ drained_this_boot: 1000, requests_this_boot: 4 });
    expect(loop.status().last_error).toMatch(/503: JetStream did not answer in time/);
  });
});
