/**
 * @module The byte bound per live client over real loopback sockets: a client that stops reading while
 * items of many keys pile up is given up on by the bytes it holds, not only by their count or its lag,
 * its socket is destroyed when it does not answer the close, and the hub's close ends every socket.
 */
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../harness/index.ts';
import { captureLog, LiveTestClient, startLiveServer, TRACK, waitFor, type LiveServer } from './support.ts';

const defer = useCleanups();
const BLOB = 'x'.repeat(64 * 1024);
const QUERY = `track_id=${TRACK}&channels=race`;
/** 400 MiB of items: far past any loopback buffer, so a client still open by then was never bounded. */
const MAX_ITEMS = 6400;

async function stuckClient(live: LiveServer): Promise<{ healthy: LiveTestClient; stuck: LiveTestClient }> {
  const healthy = await LiveTestClient.connect(live.url(QUERY));
  const stuck = await LiveTestClient.connect(live.url(QUERY));
  defer(() => healthy.close());
  defer(() => stuck.close());
  await waitFor('snapshots', () => healthy.messages.length === 1 && stuck.messages.length === 1);
  stuck.ws.pause();
  return { healthy, stuck };
}

/** Publishes 64 KiB items, each under its own key (nothing to coalesce), until the hub has closed a client for lag. */
async function publishUntilClosed(live: LiveServer, healthy: LiveTestClient): Promise<number> {
  let n = 0;
  while (live.hub.stats().lagging_closed === 0) {
    if (n >= MAX_ITEMS) throw new Error(`published ${n} items of 64 KiB and no client was closed`);
    for (let i = 0; i < 16; i++, n++) live.track.publish({ channel: 'race', event_id: null, payload: { n, blob: BLOB }, coalesce_key: `race:r${n}` });
    const published = n;
    await waitFor(`healthy client has ${published} events`, () => healthy.events().length === published, 60_000);
  }
  return n;
}

describe('live queued bytes', () => {
  it('live queued bytes - a client holding more bytes than the bound is sent lagging and closed, while the healthy one keeps every item', async () => {
    const lines = captureLog(defer);
    const live = await startLiveServer({ heartbeatMs: 600_000, slowBytes: 64 * 1024, lagLimitMs: 600_000, maxPending: 100_000, maxQueuedBytes: 2 * 1024 * 1024 });
    defer(() => live.stop());
    const { healthy, stuck } = await stuckClient(live);
    const published = await publishUntilClosed(live, healthy);

    expect(live.hub.stats()).toMatchObject({ clients: 1, lagging_closed: 1 });
    const warning = lines.find((l) => l.includes('live client lagging, closed'))!;
    expect(warning).toContain('reason=too_many_bytes');
    expect(healthy.events().map((e) => e.payload.n)).toEqual(Array.from({ length: published }, (_, i) => i));
    // Never reading, it never answers the close: its socket is destroyed, which frees what the socket held.
    await waitFor('the stuck socket destroyed', async () => (await live.connections()) === 1);
    stuck.ws.resume();
    await waitFor('the stuck client sees the close', () => stuck.closeCode !== null);
  });

  it('live queued bytes - closing the hub ends every socket, stuck and lagging ones included', async () => {
    captureLog(defer);
    const live = await startLiveServer({ heartbeatMs: 600_000, slowBytes: 64 * 1024, lagLimitMs: 600_000, maxPending: 100_000, maxQueuedBytes: 2 * 1024 * 1024 });
    defer(() => live.stop());
    const { healthy } = await stuckClient(live);
    await publishUntilClosed(live, healthy);
    const other = await LiveTestClient.connect(live.url(QUERY));
    defer(() => other.close());
    other.ws.pause();
    for (let i = 0; i < 64; i++) live.track.publish({ channel: 'race', event_id: null, payload: { blob: BLOB }, coalesce_key: `race:q${i}` });
    await live.hub.close();
    expect(await live.connections()).toBe(0);
  });
});
