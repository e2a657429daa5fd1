/**
 * @module One live hub serving several tracks, as the cloud gateway will, over a real loopback server:
 * each track's clients see only its snapshots and events, event scope still filters within a track,
 * an unknown track is refused with an error naming it, and a track that stops being served tells its
 * clients so while the others go on.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { LiveChannel } from '../../../shared/contracts/live.ts';
import { LiveHub, type LiveHubOptions, type LiveTrack } from '../../../shared/live/index.ts';
import { useCleanups } from '../../harness/index.ts';
import { captureLog, contiguous, LiveTestClient, refusedUpgrade, startHubServer, waitFor, type HubServer } from './support.ts';

const defer = useCleanups();

const snapshotFor = (track: string) => (channel: LiveChannel, eventId: string | null) => ({ track, built_for: channel, event_id: eventId });

interface TwoTracks {
  live: HubServer;
  a: LiveTrack;
  b: LiveTrack;
}

async function twoTracks(options: LiveHubOptions = {}): Promise<TwoTracks> {
  // No heartbeat unless a test asks for one, so message counts are exact.
  const hub = new LiveHub({ heartbeatMs: 600_000, ...options });
  const a = hub.serve('track-a', { snapshot: snapshotFor('track-a') });
  const b = hub.serve('track-b', { snapshot: snapshotFor('track-b') });
  const live = await startHubServer(hub);
  defer(() => live.stop());
  return { live, a, b };
}

async function client(live: HubServer, query: string): Promise<LiveTestClient> {
  const c = await LiveTestClient.connect(live.url(query));
  defer(() => c.close());
  return c;
}

describe('live multi-track', () => {
  it('live multi-track - a client of track A gets A\'s snapshots and events only, never B\'s, each with contiguous seq', async () => {
    const { live, a, b } = await twoTracks();
    const onA = await client(live, 'track_id=track-a');
    const onB = await client(live, 'track_id=track-b');
    const raceOnB = await client(live, 'track_id=track-b&channels=race');
    await waitFor('snapshots', () => onA.messages.length === 2 && onB.messages.length === 2 && raceOnB.messages.length === 1);

    for (let n = 0; n < 30; n++) {
      const channel: LiveChannel = n % 3 === 0 ? 'decoder' : 'race';
      (n % 2 ? b : a).publish({ channel, event_id: null, payload: { n } });
    }
    a.publish({ channel: 'race', event_id: null, payload: { n: 'end-a' } });
    b.publish({ channel: 'race', event_id: null, payload: { n: 'end-b' } });
    await waitFor('the end markers', () => [onA, onB, raceOnB].every((c) => String(c.events().at(-1)?.payload.n).startsWith('end')));

    expect(onA.messages.slice(0, 2).map((m) => [m.kind, m.track_id, m.payload])).toEqual([
      ['snapshot', 'track-a', snapshotFor('track-a')('race', null)],
      ['snapshot', 'track-a', snapshotFor('track-a')('decoder', null)],
    ]);
    expect(onB.messages.slice(0, 2).map((m) => [m.kind, m.track_id, m.payload])).toEqual([
      ['snapshot', 'track-b', snapshotFor('track-b')('race', null)],
      ['snapshot', 'track-b', snapshotFor('track-b')('decoder', null)],
    ]);
    const even = contiguous(30).filter((n) => n % 2 === 0);
    const odd = contiguous(30).filter((n) => n % 2 === 1);
    expect(onA.events().map((e) => e.payload.n)).toEqual([...even, 'end-a']);
    expect(onB.events().map((e) => e.payload.n)).toEqual([...odd, 'end-b']);
    expect(raceOnB.events().map((e) => e.payload.n)).toEqual([...odd.filter((n) => n % 3 !== 0), 'end-b']);
    for (const [c, track] of [[onA, 'track-a'], [onB, 'track-b'], [raceOnB, 'track-b']] as const) {
      expect(c.problems).toEqual([]);
      expect(new Set(c.messages.map((m) => m.track_id))).toEqual(new Set([track]));
      expect(c.seqs()).toEqual(contiguous(c.messages.length));
    }
    expect([a.clients(), b.clients(), live.hub.stats().clients]).toEqual([1, 2, 3]);
  });

  it('live multi-track - event scope filters within a track: the same event id on another track is another event', async () => {
    const { live, a, b } = await twoTracks();
    const aE1 = await client(live, 'track_id=track-a&event_id=e1&channels=race');
    const aE2 = await client(live, 'track_id=track-a&event_id=e2&channels=race');
    const aAll = await client(live, 'track_id=track-a&channels=race');
    const bE1 = await client(live, 'track_id=track-b&event_id=e1&channels=race');
    await waitFor('snapshots', () => [aE1, aE2, aAll, bE1].every((c) => c.messages.length === 1));

    const order = ['e1', 'e2', null, 'e1'] as const;
    order.forEach((eventId, n) => a.publish({ channel: 'race', event_id: eventId, payload: { n } }));
    b.publish({ channel: 'race', event_id: 'e1', payload: { n: 'b-e1' } });
    b.publish({ channel: 'race', event_id: 'e2', payload: { n: 'b-e2' } });
    for (const track of [a, b]) track.publish({ channel: 'race', event_id: null, payload: { n: 'end' } });
    await waitFor('the marker everywhere', () => [aE1, aE2, aAll, bE1].every((c) => c.events().at(-1)?.payload.n === 'end'));

    expect(aE1.events().map((e) => [e.event_id, e.payload.n])).toEqual([['e1', 0], [null, 2], ['e1', 3], [null, 'end']]);
    expect(aE2.events().map((e) => [e.event_id, e.payload.n])).toEqual([['e2', 1], [null, 2], [null, 'end']]);
    expect(aAll.events().map((e) => e.payload.n)).toEqual([0, 1, 2, 3, 'end']);
    expect(bE1.events().map((e) => [e.track_id, e.event_id, e.payload.n])).toEqual([['track-b', 'e1', 'b-e1'], ['track-b', null, 'end']]);
  });

  it('live multi-track - a track the hub does not serve is refused with 400 JSON naming it, before any upgrade', async () => {
    const { live } = await twoTracks();
    const refused = await refusedUpgrade(live.url('track_id=track-c'));
    expect(refused).toEqual({ status: 400, body: { error: 'track_id "track-c" is not served here' } });
    const plain = await fetch(`http://127.0.0.1:${live.port}/ws/v1/live?track_id=track-c`);
    expect(plain.status).toBe(400);
    expect(await plain.json()).toEqual({ error: 'track_id "track-c" is not served here' });
    expect(live.hub.stats().clients).toBe(0);
  });

  it('live multi-track - a socket handed to the hub for a track it does not serve gets an unknown_track error and close 1008', async () => {
    const hub = new LiveHub({ heartbeatMs: 600_000, unknownTrack: (id) => `track_id ${JSON.stringify(id)} is timed elsewhere` });
    defer(() => hub.close());
    hub.serve('track-a', { snapshot: snapshotFor('track-a') });
    // A bare ws server, as a transport other than the Hono route would hand sockets over: no query check before.
    const server = createServer();
    const wss = new WebSocketServer({ server });
    wss.on('connection', (socket) => hub.connect(socket, { trackId: 'track-z', scope: { channels: ['decoder'], eventId: 'e9' } }, 'test'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    defer(() => new Promise((resolve) => server.close(resolve)));
    defer(() => new Promise((resolve) => wss.close(resolve)));

    const c = await LiveTestClient.connect(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    defer(() => c.close());
    await waitFor('the close', () => c.closeCode !== null);
    expect(c.closeCode).toBe(1008);
    expect(c.problems).toEqual([]);
    expect(c.messages).toEqual([
      expect.objectContaining({ kind: 'error', channel: 'decoder', track_id: 'track-z', event_id: 'e9', seq: 0, payload: { code: 'unknown_track', message: 'track_id "track-z" is timed elsewhere' } }),
    ]);
    expect(hub.stats().clients).toBe(0);
  });

  it('live multi-track - a track that stops being served tells its clients unknown_track with a reconnect hint; the other track goes on', async () => {
    const lines = captureLog(defer);
    const { live, a, b } = await twoTracks({ reconnectAfterMs: 3000 });
    const onA = await client(live, 'track_id=track-a&channels=race');
    const onB = await client(live, 'track_id=track-b&channels=race&event_id=e1');
    await waitFor('snapshots', () => onA.messages.length === 1 && onB.messages.length === 1);

    b.close();
    await waitFor('B closed', () => onB.closeCode !== null);
    expect(onB.closeCode).toBe(1001);
    expect(onB.messages.at(-1)).toEqual(
      expect.objectContaining({ kind: 'error', track_id: 'track-b', event_id: 'e1', seq: 1, payload: expect.objectContaining({ code: 'unknown_track', reconnect_after_ms: 3000 }) }),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^<6>live: live track no longer served, its clients closed track_id=track-b clients=1/));

    // Publishing to the closed track is a no-op; A is untouched and a new client of B is refused.
    b.publish({ channel: 'race', event_id: null, payload: { n: 'lost' } });
    a.publish({ channel: 'race', event_id: null, payload: { n: 'kept' } });
    await waitFor('A\'s event', () => onA.events().length === 1);
    expect(onA.events()[0]!.payload).toEqual({ n: 'kept' });
    expect(live.hub.serves('track-b')).toBe(false);
    expect((await refusedUpgrade(live.url('track_id=track-b'))).status).toBe(400);

    // Served again, B takes clients as before.
    const b2 = live.hub.serve('track-b', { snapshot: snapshotFor('track-b') });
    const again = await client(live, 'track_id=track-b&channels=race');
    await waitFor('the snapshot', () => again.messages.length === 1);
    b2.publish({ channel: 'race', event_id: null, payload: { n: 'back' } });
    await waitFor('the event', () => again.events().length === 1);
    expect(again.events()[0]).toMatchObject({ track_id: 'track-b', payload: { n: 'back' } });
    expect(live.hub.stats().clients).toBe(2);
  });

  it('live multi-track - every heartbeat carries its own client\'s track', async () => {
    const { live } = await twoTracks({ heartbeatMs: 40 });
    const onA = await client(live, 'track_id=track-a&channels=decoder');
    const onB = await client(live, 'track_id=track-b&channels=race');
    const beats = (c: LiveTestClient) => c.messages.filter((m) => m.kind === 'heartbeat');
    await waitFor('two heartbeats each', () => beats(onA).length >= 2 && beats(onB).length >= 2);
    expect(beats(onA).every((m) => m.track_id === 'track-a' && m.channel === 'decoder')).toBe(true);
    expect(beats(onB).every((m) => m.track_id === 'track-b' && m.channel === 'race')).toBe(true);
  });

  it('live multi-track - serve() refuses a bad track id, a track served twice, one past maxTracks and any after close, naming why', async () => {
    const hub = new LiveHub({ maxTracks: 2 });
    const snapshot = snapshotFor('t');
    expect(() => hub.serve('Track A', { snapshot })).toThrow('track_id');
    hub.serve('track-a', { snapshot });
    expect(() => hub.serve('track-a', { snapshot })).toThrow('track_id "track-a" is served already');
    const b = hub.serve('track-b', { snapshot });
    expect(() => hub.serve('track-c', { snapshot })).toThrow('serves 2 tracks already (maxTracks)');
    b.close();
    expect(hub.serve('track-c', { snapshot }).trackId).toBe('track-c');
    await hub.close();
    expect(() => hub.serve('track-d', { snapshot })).toThrow('the live hub is closed');
    expect(() => new LiveHub({ maxTracks: 0 })).toThrow('maxTracks must be a positive whole number');
  });
});
