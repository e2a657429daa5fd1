/** @module The sync cursor against the real ingest role: it survives restarts (only what was unacknowledged goes again), pruning waits for it while the cloud is away, and a partly acknowledged batch moves it over the acknowledged prefix only. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneSynced, readAfter } from '../../../appliance/log/index.ts';
import { INGEST_BATCH_PATH, type Envelope } from '../../../shared/contracts/index.ts';
import { freePort, startNatsServer, useCleanups, waitFor } from '../../harness/index.ts';
import { boxDir, boxToken, captureJournal, envelopesReceived, keysOf, passingEntries, startCloudOn, startIngestStack, startLoop, streamMessages, syncLines, type IngestStack } from './support.ts';
import { connect } from '@nats-io/transport-node';

const defer = useCleanups();
let stack: IngestStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const DAY_US = 86_400_000_000;
const everything = async (log: Parameters<typeof readAfter>[0]) => (await readAfter(log, 0, 100_000)).map((s) => s.envelope);

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A loopback proxy in front of the real cloud that passes every batch on, and for the first
 * non-empty one tells the box that only its first `keep` envelopes were acknowledged.
 */
async function partialAckProxy(cloudUrl: string, keep: number): Promise<{ url: string; batches: number[][]; server: Server }> {
  const batches: number[][] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const seqs = (JSON.parse(body) as { envelopes: Envelope[] }).envelopes.map((e) => e.seq);
      if (seqs.length > 0) batches.push(seqs);
      const answer = await fetch(`${cloudUrl}${INGEST_BATCH_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: request.headers.authorization ?? '' }, body });
      const json = (await answer.json()) as { acked?: Record<string, number> };
      if (answer.status === 200 && batches.length === 1 && seqs.length > 0 && json.acked) {
        for (const boot of Object.keys(json.acked)) json.acked[boot] = seqs[0]! + keep - 1;
      }
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, batches, server };
}

describe('box sync cursor', () => {
  it('box sync cursor - survives restarts: a later boot sends only what was never acknowledged, across boots, nothing again', async () => {
    stack = await startIngestStack('sync-restart');
    const dir = await boxDir(defer);
    const { token } = boxToken();

    const first = await dir.open();
    const loop = startLoop(defer, first, stack.cloud.url, token);
    await first.append(passingEntries(1, 30));
    await waitFor('the first boot synced', () => loop.status().cursor_lsn === 30);
    await loop.stop();
    await first.close();

    // A boot with the sync off (or no network): its envelopes wait in the log.
    const offline = await dir.open();
    await offline.append(passingEntries(31, 7));
    await offline.close();

    const sent = envelopesReceived(stack.cloud);
    const third = await dir.open();
    expect(third.syncCursor).toBe(30);
    const again = startLoop(defer, third, stack.cloud.url, token);
    await third.append(passingEntries(38, 2));
    await waitFor('the backlog and the new passings synced', () => again.status().cursor_lsn === 39);

    expect(envelopesReceived(stack.cloud)).toEqual({ accepted: sent.accepted + 9, duplicate: sent.duplicate });
    expect(again.status().drained_this_boot).toBe(9);
    const logged = await everything(third);
    expect(new Set(logged.map((e) => e.boot_id)).size).toBe(3);
    expect((await streamMessages(stack.nc)).map((m) => m.msgId)).toEqual(keysOf(logged));
  });

  it('box sync cursor - a box offline with thousands of old envelopes prunes none of them, then drains them all in batches once the cloud is there', async () => {
    const nats = await startNatsServer();
    defer(() => nats.stop());
    const port = await freePort();
    const journal = captureJournal(defer);
    const log = await (await boxDir(defer)).open();
    const monthAgo = Date.now() * 1000 - 40 * DAY_US;
    for (let n = 1; n <= 3000; n += 500) await log.append(passingEntries(n, 500, monthAgo + n));
    const loop = startLoop(defer, log, `http://127.0.0.1:${port}`, boxToken().token);
    await waitFor('the box to find the cloud away', () => loop.status().state === 'backing_off');
    expect(loop.status().last_error).toMatch(/ECONNREFUSED/);
    expect(loop.status().lag_seconds).toBeGreaterThan(39 * 86_400);

    expect(await pruneSynced(log, Date.now() * 1000 - DAY_US)).toBe(0);
    expect(log.stats()).toMatchObject({ last_lsn: 3000, sync_cursor: 0, unsynced: 3000 });

    const cloud = await startCloudOn(nats.url, port);
    defer(() => cloud.stop());
    await waitFor('the backlog drained', () => loop.status().cursor_lsn === 3000, 60_000);
    expect(cloud.ingest!.health().batches).toBeGreaterThanOrEqual(6);
    const nc = await connect({ servers: nats.url });
    defer(() => nc.close());
    expect((await streamMessages(nc)).map((m) => m.msgId)).toEqual(keysOf(await everything(log)));

    expect(await pruneSynced(log, Date.now() * 1000 - DAY_US)).toBe(3000);
    expect(syncLines(journal, '<4>')).toHaveLength(1);
    expect(syncLines(journal, '<4>')[0]).toMatch(/cloud unreachable at start, sync backing off .*ECONNREFUSED.* unsent=3000/);
    expect(syncLines(journal, '<6>').filter((l) => l.includes('caught up'))).toEqual([expect.stringMatching(/cloud sync caught up after an outage .*drained=3000 /)]);
  }, 90_000);

  it('box sync cursor - a batch the cloud acknowledges only in part moves the cursor over that prefix, and the rest is sent again', async () => {
    stack = await startIngestStack('sync-partial');
    const proxy = await partialAckProxy(stack.cloud.url, 4);
    const log = await (await boxDir(defer)).open();
    await log.append(passingEntries(1, 10));
    const loop = startLoop(defer, log, proxy.url, boxToken().token);
    await waitFor('everything acknowledged in the end', () => loop.status().cursor_lsn === 10);

    expect(proxy.batches).toEqual([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [5, 6, 7, 8, 9, 10]]);
    expect(envelopesReceived(stack.cloud)).toEqual({ accepted: 10, duplicate: 6 });
    expect(loop.status().drained_this_boot).toBe(10);
    expect((await streamMessages(stack.nc)).map((m) => m.msgId)).toEqual(keysOf(await everything(log)));
  });
});
