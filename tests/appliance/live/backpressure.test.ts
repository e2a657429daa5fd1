/**
 * @module Live backpressure over real loopback sockets: a client that stops reading is coalesced to the
 * latest state, key-less items are dropped, and past the limits it gets `lagging` and is closed, while a
 * healthy client alongside receives every item.
 */
import { describe, expect, it } from 'vitest';
import type { LiveItem } from '../../../shared/live/index.ts';
import { useCleanups } from '../../harness/index.ts';
import { captureLog, contiguous, LiveTestClient, startLiveServer, TRACK, waitFor, type LiveServer } from './support.ts';

const defer = useCleanups();

const BLOB = 'x'.repeat(64 * 1024);
/** Loopback buffers took about 4 MiB to fill here (tcp_rmem max 32 MiB, tcp_wmem max 4 MiB); 400 MiB means they never will. */
const MAX_FILL_ITEMS = 6400;
const QUERY = `track_id=${TRACK}&channels=race`;
/** The hub fans out once per event-loop turn (with no gap), keeping only the latest of one key: a turn each keeps every item. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function server(options: Parameters<typeof startLiveServer>[0]): Promise<LiveServer> {
  // Every turn fans out at once, so an item a turn reaches the healthy client.
  const live = await startLiveServer({ heartbeatMs: 600_000, slowBytes: 64 * 1024, fanoutGapMs: 0, ...options });
  defer(() => live.stop());
  return live;
}

async function pair(live: LiveServer): Promise<{ healthy: LiveTestClient; paused: LiveTestClient }> {
  const healthy = await LiveTestClient.connect(live.url(QUERY));
  const paused = await LiveTestClient.connect(live.url(QUERY));
  defer(() => healthy.close());
  defer(() => paused.close());
  await waitFor('snapshots', () => healthy.messages.length === 1 && paused.messages.length === 1);
  // ws stops reading its socket: the kernel buffers fill, then the server's.
  paused.ws.pause();
  return { healthy, paused };
}

/**
 * Publishes 1 MiB batches of `item(n)` until `full()` says the paused client's socket is full, letting the
 * healthy client catch up after each batch so only the paused one is slow. Returns how many were published.
 */
async function publishUntil(live: LiveServer, healthy: LiveTestClient, full: () => boolean, item: (n: number) => LiveItem, from = 0): Promise<number> {
  let n = from;
  while (!full()) {
    if (n - from >= MAX_FILL_ITEMS) throw new Error(`published ${n - from} items of 64 KiB and the paused client never filled up`);
    for (let i = 0; i < 16; i++) {
      live.track.publish(item(n++));
      await nextTurn();
    }
    const published = n;
    await waitFor(`healthy client has ${published} events`, () => healthy.events().length === published, 60_000);
  }
  return n;
}

const big = (n: number, coalesce_key?: string): LiveItem => ({ channel: 'race', event_id: null, payload: { n, blob: BLOB }, ...(coalesce_key ? { coalesce_key } : {}) });

describe('live backpressure', () => {
  it('live backpressure - a client that stops reading gets fewer events, ending with the latest; the healthy one gets all', async () => {
    const live = await server({ lagLimitMs: 600_000 });
    const { healthy, paused } = await pair(live);

    const published = await publishUntil(live, healthy, () => live.hub.stats().coalesced >= 20, (n) => big(n, 'race:r1'));
    paused.ws.resume();
    await waitFor('the latest item at the paused client', () => paused.events().at(-1)?.payload.n === published - 1, 60_000);

    const received = paused.events().map((e) => e.payload.n as number);
    expect(received.length).toBeLessThan(published);
    // What reached the socket before it filled, in order, then the one coalesced latest state.
    expect(received).toEqual([...contiguous(received.length - 1), published - 1]);
    expect(paused.seqs()).toEqual(contiguous(paused.messages.length));
    expect(paused.problems).toEqual([]);
    expect(healthy.events().map((e) => e.payload.n)).toEqual(contiguous(published));
    expect(live.hub.stats()).toMatchObject({ clients: 2, lagging_closed: 0, dropped: 0 });
    expect(live.hub.stats().coalesced).toBe(published - received.length);
  });

  it('live backpressure - while slow, keyed items keep their first place with the latest value and key-less ones are dropped', async () => {
    const live = await server({ lagLimitMs: 600_000 });
    const { healthy, paused } = await pair(live);

    const filled = await publishUntil(live, healthy, () => live.hub.stats().dropped > 0, (n) => big(n));
    const droppedWhileFilling = live.hub.stats().dropped;
    const tail: [n: number, key?: string][] = [[filled, 'a'], [filled + 1, 'b'], [filled + 2], [filled + 3, 'a'], [filled + 4, 'c'], [filled + 5, 'b']];
    for (const [n, key] of tail) {
      live.track.publish({ channel: 'race', event_id: null, payload: { n }, ...(key ? { coalesce_key: key } : {}) });
      await nextTurn();
    }
    await waitFor('healthy client has every item', () => healthy.events().length === filled + tail.length);
    paused.ws.resume();
    await waitFor('the three pending items', () => paused.events().at(-1)?.payload.n === filled + 4, 60_000);

    const received = paused.events().map((e) => e.payload.n as number);
    const written = received.length - 3;
    expect(received).toEqual([...contiguous(written), filled + 3, filled + 5, filled + 4]);
    expect(written).toBe(filled - droppedWhileFilling);
    expect(paused.seqs()).toEqual(contiguous(paused.messages.length));
    expect(live.hub.stats()).toMatchObject({ coalesced: 2, dropped: droppedWhileFilling + 1, lagging_closed: 0 });
  });

  it('live backpressure - a client slow past lagLimitMs gets error lagging then close 1013; the healthy one keeps receiving', async () => {
    const lines = captureLog(defer);
    const live = await server({ lagLimitMs: 300, reconnectAfterMs: 1500 });
    const { healthy, paused } = await pair(live);

    let n = await publishUntil(live, healthy, () => live.hub.stats().dropped > 0, (i) => big(i));
    await waitFor('the lagging close', () => live.hub.stats().lagging_closed === 1);
    n = await publishUntil(live, healthy, () => healthy.events().length >= n + 32, (i) => big(i), n);
    paused.ws.resume();
    await waitFor('the paused client closed', () => paused.closeCode !== null, 60_000);

    expect(paused.closeCode).toBe(1013);
    expect(paused.messages.at(-1)).toMatchObject({
      kind: 'error',
      channel: 'race',
      track_id: TRACK,
      event_id: null,
      payload: { code: 'lagging', message: expect.stringContaining('reconnect'), reconnect_after_ms: 1500 },
    });
    expect(paused.seqs()).toEqual(contiguous(paused.messages.length));
    expect(paused.problems).toEqual([]);
    expect(healthy.events().map((e) => e.payload.n)).toEqual(contiguous(n));
    expect(healthy.closeCode).toBeNull();
    expect(live.hub.stats()).toMatchObject({ clients: 1, lagging_closed: 1 });
    const warnings = lines.filter((l) => l.includes('live client lagging, closed'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^<4>appliance:live: live client lagging, closed .*reason=behind_too_long/);
  });

  it('live backpressure - more distinct pending keys than maxPending is lagging at once', async () => {
    const lines = captureLog(defer);
    const live = await server({ lagLimitMs: 600_000, maxPending: 5 });
    const { healthy, paused } = await pair(live);

    const filled = await publishUntil(live, healthy, () => live.hub.stats().dropped > 0, (n) => big(n));
    for (let k = 0; k < 5; k++) live.track.publish({ channel: 'race', event_id: null, payload: { n: filled + k }, coalesce_key: `k${k}` });
    await nextTurn();
    expect(live.hub.stats().lagging_closed).toBe(0);
    live.track.publish({ channel: 'race', event_id: null, payload: { n: filled + 5 }, coalesce_key: 'k5' });
    await nextTurn();
    expect(live.hub.stats()).toMatchObject({ lagging_closed: 1, clients: 1 });

    paused.ws.resume();
    await waitFor('the paused client closed', () => paused.closeCode !== null, 60_000);
    expect(paused.closeCode).toBe(1013);
    expect(paused.messages.at(-1)).toMatchObject({ kind: 'error', payload: { code: 'lagging', reconnect_after_ms: 2000 } });
    // The pending items were discarded with the client: none of them was sent.
    expect(paused.events().every((e) => (e.payload.n as number) < filled)).toBe(true);
    expect(lines.filter((l) => l.includes('live client lagging, closed') && l.includes('reason=too_many_pending'))).toHaveLength(1);
  });
});
