/** @module The live hub over a real loopback server: snapshot then ordered events, contiguous seq, channel and event scope, heartbeats, shutdown. */
import { describe, expect, it } from 'vitest';
import type { LiveChannel } from '../../../shared/contracts/live.ts';
import { useCleanups } from '../../harness/index.ts';
import { captureLog, contiguous, LiveTestClient, snapshotOf, startLiveServer, TRACK, waitFor, type LiveServer } from './support.ts';

const defer = useCleanups();

async function server(options: Parameters<typeof startLiveServer>[0] = {}): Promise<LiveServer> {
  // No heartbeat unless a test asks for one, so message counts are exact.
  const live = await startLiveServer({ heartbeatMs: 600_000, ...options });
  defer(() => live.stop());
  return live;
}

async function client(live: LiveServer, query: string): Promise<LiveTestClient> {
  const c = await LiveTestClient.connect(live.url(query));
  defer(() => c.close());
  return c;
}

describe('live hub', () => {
  it('live - a snapshot per channel first, then every published event in publish order with contiguous seq', async () => {
    let clock = 1_795_000_000_000_000;
    const live = await server({ now: () => clock });
    const c = await client(live, `track_id=${TRACK}`);
    await waitFor('both snapshots', () => c.messages.length === 2);

    // Whatever the client sends is ignored; it must not disturb the feed.
    c.ws.send('hello');
    c.ws.ping();
    for (let n = 0; n < 50; n++) {
      clock += 1000;
      const channel: LiveChannel = n % 3 === 0 ? 'decoder' : 'race';
      live.track.publish({ channel, event_id: n % 2 ? 'e1' : null, payload: { n, at: clock } });
    }
    await waitFor('50 events', () => c.messages.length === 52);

    expect(c.problems).toEqual([]);
    expect(c.seqs()).toEqual(contiguous(52));
    expect(c.messages.slice(0, 2)).toEqual([
      { kind: 'snapshot', channel: 'race', track_id: TRACK, event_id: null, seq: 0, ts_us: 1_795_000_000_000_000, payload: snapshotOf('race', null) },
      { kind: 'snapshot', channel: 'decoder', track_id: TRACK, event_id: null, seq: 1, ts_us: 1_795_000_000_000_000, payload: snapshotOf('decoder', null) },
    ]);
    const events = c.events();
    expect(events.map((e) => e.payload.n)).toEqual(contiguous(50));
    for (const e of events) {
      const n = e.payload.n as number;
      expect(e).toMatchObject({ channel: n % 3 === 0 ? 'decoder' : 'race', track_id: TRACK, event_id: n % 2 ? 'e1' : null, ts_us: e.payload.at });
    }
    expect(live.hub.stats()).toMatchObject({ clients: 1, messages_sent: 52, coalesced: 0, dropped: 0, lagging_closed: 0 });
  });

  it('live - items published in one turn go out together: a keyed item replaced within the turn is sent once, its latest value in its latest place', async () => {
    const live = await server();
    const a = await client(live, `track_id=${TRACK}&channels=race`);
    const b = await client(live, `track_id=${TRACK}&channels=race`);
    await waitFor('snapshots', () => a.messages.length === 1 && b.messages.length === 1);

    const built: string[] = [];
    const item = (n: string, key?: string) => ({ channel: 'race' as const, event_id: null, payload: () => (built.push(n), { n }), ...(key ? { coalesce_key: key } : {}) });
    for (const [n, key] of [['r1 first', 'race:r1'], ['lap'], ['r1 second', 'race:r1'], ['r2', 'race:r2'], ['r1 third', 'race:r1'], ['finish']] as const) live.track.publish(item(n, key));
    await waitFor('the turn fanned out', () => a.events().length === 4 && b.events().length === 4);

    for (const c of [a, b]) {
      expect(c.events().map((e) => e.payload.n)).toEqual(['lap', 'r2', 'r1 third', 'finish']);
      expect(c.seqs()).toEqual(contiguous(5));
    }
    // The replaced states were never serialized, for anyone.
    expect(built).toEqual(['lap', 'r2', 'r1 third', 'finish']);
    expect(live.hub.stats()).toMatchObject({ superseded: 2, coalesced: 0, dropped: 0 });

    // An item marked keep is never replaced: the state before it goes, the latest goes out after it.
    built.length = 0;
    live.track.publish(item('r1 laps', 'race:r1'));
    live.track.publish({ ...item('r1 gate', 'race:r1'), keep: true });
    live.track.publish(item('r1 lap after the gate', 'race:r1'));
    live.track.publish(item('r1 latest', 'race:r1'));
    await waitFor('the kept turn', () => b.events().length === 6);
    expect(b.events().slice(4).map((e) => e.payload.n)).toEqual(['r1 gate', 'r1 latest']);
    expect(live.hub.stats().superseded).toBe(4);

    // The next turn is a new batch: the same key goes out again.
    live.track.publish(item('r1 fourth', 'race:r1'));
    await waitFor('the next turn', () => a.events().length === 7);
    expect(a.events().at(-1)!.payload.n).toBe('r1 fourth');
  });

  it('live - within the fan-out gap, items of later turns wait and a keyed one is replaced by the latest; a quiet track sends at once', async () => {
    const live = await server({ fanoutGapMs: 400 });
    const c = await client(live, `track_id=${TRACK}&channels=race`);
    await waitFor('snapshot', () => c.messages.length === 1);
    const publish = (n: string, key?: string) => live.track.publish({ channel: 'race', event_id: null, payload: { n }, ...(key ? { coalesce_key: key } : {}) });
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

    publish('first', 'race:r1');
    await waitFor('the first, on the next turn', () => c.events().length === 1);
    // Each in its own turn, all within the gap after the first fan-out.
    for (const [n, key] of [['second', 'race:r1'], ['lap'], ['third', 'race:r1']] as const) {
      publish(n, key);
      await nextTurn();
    }
    await waitFor('the gap to pass', () => c.events().length === 3, 5_000);
    expect(c.events().map((e) => e.payload.n)).toEqual(['first', 'lap', 'third']);
    expect(live.hub.stats().superseded).toBe(1);
    expect(c.seqs()).toEqual(contiguous(4));
  });

  it('live - a client gets only the channels it asked for, snapshots in race, decoder order', async () => {
    const live = await server();
    const decoderOnly = await client(live, `track_id=${TRACK}&channels=decoder`);
    const both = await client(live, `track_id=${TRACK}&channels=decoder,race,decoder`);
    await waitFor('snapshots', () => decoderOnly.messages.length === 1 && both.messages.length === 2);

    for (let n = 0; n < 10; n++) live.track.publish({ channel: n % 2 ? 'race' : 'decoder', event_id: null, payload: { n } });
    await waitFor('events', () => decoderOnly.messages.length === 6 && both.messages.length === 12);

    expect(decoderOnly.messages[0]).toMatchObject({ kind: 'snapshot', channel: 'decoder', payload: snapshotOf('decoder', null) });
    expect(decoderOnly.events().map((e) => [e.channel, e.payload.n])).toEqual([0, 2, 4, 6, 8].map((n) => ['decoder', n]));
    expect(both.messages.slice(0, 2).map((m) => m.channel)).toEqual(['race', 'decoder']);
    expect(both.events().map((e) => e.payload.n)).toEqual(contiguous(10));
    expect(decoderOnly.seqs()).toEqual(contiguous(6));
    expect(both.seqs()).toEqual(contiguous(12));
  });

  it('live - a client of event e1 sees e1 and event-less items, never e2; a client without event_id sees all', async () => {
    const live = await server();
    const e1 = await client(live, `track_id=${TRACK}&event_id=e1&channels=race`);
    const e2 = await client(live, `track_id=${TRACK}&event_id=e2&channels=race`);
    const all = await client(live, `track_id=${TRACK}&channels=race`);
    await waitFor('snapshots', () => [e1, e2, all].every((c) => c.messages.length === 1));

    const order = ['e1', 'e2', null, 'e2', 'e1', null, 'e2'] as const;
    order.forEach((eventId, n) => live.track.publish({ channel: 'race', event_id: eventId, payload: { n } }));
    // An event-less marker last: per-connection order means a client that has it has everything before it.
    live.track.publish({ channel: 'race', event_id: null, payload: { n: 'end' } });
    await waitFor('the marker everywhere', () => [e1, e2, all].every((c) => c.events().at(-1)?.payload.n === 'end'));

    expect(e1.messages[0]).toMatchObject({ kind: 'snapshot', event_id: 'e1', payload: snapshotOf('race', 'e1') });
    expect(e2.messages[0]).toMatchObject({ kind: 'snapshot', event_id: 'e2', payload: snapshotOf('race', 'e2') });
    expect(e1.events().map((e) => [e.event_id, e.payload.n])).toEqual([['e1', 0], [null, 2], ['e1', 4], [null, 5], [null, 'end']]);
    expect(e2.events().map((e) => [e.event_id, e.payload.n])).toEqual([['e2', 1], [null, 2], ['e2', 3], [null, 5], ['e2', 6], [null, 'end']]);
    expect(all.events().map((e) => e.payload.n)).toEqual([...contiguous(7), 'end']);
    for (const c of [e1, e2, all]) expect(c.seqs()).toEqual(contiguous(c.messages.length));
  });

  it('live - every connection gets a heartbeat with an empty payload in its own seq order and scope', async () => {
    const live = await server({ heartbeatMs: 40 });
    const c = await client(live, `track_id=${TRACK}&event_id=e7&channels=decoder`);
    await waitFor('three heartbeats', () => c.messages.filter((m) => m.kind === 'heartbeat').length >= 3);
    live.track.publish({ channel: 'decoder', event_id: null, payload: { n: 1 } });
    await waitFor('the event', () => c.events().length === 1);

    expect(c.problems).toEqual([]);
    expect(c.messages[0]!.kind).toBe('snapshot');
    expect(c.seqs()).toEqual(contiguous(c.messages.length));
    for (const beat of c.messages.filter((m) => m.kind === 'heartbeat')) {
      expect(beat).toMatchObject({ channel: 'decoder', track_id: TRACK, event_id: 'e7', payload: {} });
    }
  });

  it('live - a snapshot builder that throws closes that client with an internal error; the hub serves the next one', async () => {
    const lines = captureLog(defer);
    let fail = true;
    const live = await server({
      snapshot: (channel, eventId) => {
        if (fail) throw new Error('race store not ready');
        return snapshotOf(channel, eventId);
      },
    });
    const broken = await client(live, `track_id=${TRACK}`);
    await waitFor('broken client closed', () => broken.closeCode !== null);
    expect(broken.closeCode).toBe(1011);
    expect(broken.messages).toEqual([
      expect.objectContaining({ kind: 'error', channel: 'race', seq: 0, payload: expect.objectContaining({ code: 'internal', reconnect_after_ms: 2000 }) }),
    ]);

    fail = false;
    const good = await client(live, `track_id=${TRACK}`);
    await waitFor('snapshots', () => good.messages.length === 2);
    expect(live.hub.stats().clients).toBe(1);
    expect(lines.filter((l) => l.startsWith('<3>appliance:live: live snapshot failed, client closed'))).toEqual([expect.stringContaining('err="race store not ready"')]);
  });

  it('live - close() says going away (1001) to every client and publish afterwards does nothing', async () => {
    const live = await server();
    const a = await client(live, `track_id=${TRACK}`);
    const b = await client(live, `track_id=${TRACK}&channels=race`);
    await waitFor('snapshots', () => a.messages.length === 2 && b.messages.length === 1);
    await live.hub.close();
    await waitFor('both closed', () => a.closeCode !== null && b.closeCode !== null);
    expect([a.closeCode, b.closeCode]).toEqual([1001, 1001]);
    live.track.publish({ channel: 'race', event_id: null, payload: {} });
    expect(live.hub.stats()).toMatchObject({ clients: 0, messages_sent: 3 });
  });
});
