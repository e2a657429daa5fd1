/** @module The sync cursor's fsynced write beside the next request: the next batch goes while it runs, the cursor on disk never passes what the cloud acknowledged, stop() leaves the newest acknowledged lsn written, and a failed write sends again from the cursor on disk. */
import { describe, expect, it } from 'vitest';
import { CURSOR_KEY } from '../../../appliance/log/keys.ts';
import { useCleanups, waitFor } from '../../harness/index.ts';
import { heldCloud, holdCursorWrites } from './held-cloud.ts';
import { boxDir, boxToken, captureJournal, passingEntries, startLoop, syncLines } from './support.ts';

const defer = useCleanups();

describe('box sync cursor write', () => {
  it('box sync cursor write - batches go while the cursor write is held, the cursor on disk never passes the acknowledged lsn, and stop() waits to leave the newest one written', async () => {
    const cloud = await heldCloud(defer);
    const dir = await boxDir(defer);
    const log = await dir.open();
    await log.append(passingEntries(1, 2000));
    let acknowledged = 0;
    const passed: string[] = [];
    const watch = setInterval(() => {
      const at = acknowledged;
      void log.db.get(CURSOR_KEY).then((onDisk) => {
        if (Number(onDisk ?? 0) > at) passed.push(`cursor ${onDisk} on disk with ${at} acknowledged`);
      }, () => undefined);
    }, 1);
    defer(() => clearInterval(watch));
    const loop = startLoop(defer, log, cloud.url, boxToken().token);
    const cursor = holdCursorWrites(defer, log);

    for (let i = 0; i < 4; i++) {
      const request = await cloud.request(i);
      expect(request.seqs[0]).toBe(i * 500 + 1);
      expect(log.syncCursor).toBe(0);
      acknowledged = request.seqs.at(-1)!;
      request.ack();
    }
    await waitFor('the last answer taken', () => loop.status().drained_this_boot === 2000);
    // One write outstanding; the acknowledgements after it wait as one, the newest.
    expect(cursor.asked).toEqual([500]);

    const stopped = loop.stop();
    cursor.release();
    await stopped;
    clearInterval(watch);
    expect(cursor.asked).toEqual([500, 2000]);
    expect(log.syncCursor).toBe(2000);
    expect(passed).toEqual([]);
    await log.close();
    expect((await dir.open()).syncCursor).toBe(2000);
  });

  it('box sync cursor write - a failed write is the box trouble it always was: one warning, and what the cloud took since the cursor on disk goes again', async () => {
    const journal = captureJournal(defer);
    const cloud = await heldCloud(defer);
    const log = await (await boxDir(defer)).open();
    await log.append(passingEntries(1, 1000));
    const loop = startLoop(defer, log, cloud.url, boxToken().token, { backoff: { initialMs: 10, maxMs: 10 } });
    const cursor = holdCursorWrites(defer, log);

    (await cloud.request(0)).ack();
    const second = await cloud.request(1);
    expect(second.seqs[0]).toBe(501);
    cursor.release(new Error('IO error: fsync failed'));
    second.fail(503, 'JetStream did not answer in time');

    const again = await cloud.request(2);
    expect(again.seqs[0]).toBe(1);
    cloud.ackAll();
    await waitFor('everything acknowledged', () => loop.status().cursor_lsn === 1000);

    expect(cloud.requests.map((r) => [r.seqs[0], r.seqs.at(-1)])).toEqual([[1, 500], [501, 1000], [1, 500], [501, 1000]]);
    expect(loop.status().last_error).toBe("the box's own log: IO error: fsync failed");
    expect(syncLines(journal, '<4>').filter((l) => l.includes('cannot read the log or save its cursor'))).toEqual([expect.stringMatching(/fsync failed/)]);
  });
});
