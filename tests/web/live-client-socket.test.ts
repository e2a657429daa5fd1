/** @module The scoreboard's live client against a real loopback WebSocket server: connect, resync after drops, lag hints, silence, backoff. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { LiveClient, type ConnectionInfo } from '../../web/shared/live-client.ts';
import { emptyLiveState, reduceLive, type LiveState } from '../../web/shared/live-state.ts';
import type { LiveMessage } from '../../shared/contracts/live.ts';
import type { RaceView } from '../../shared/race/views.ts';
import { waitFor } from '../harness/index.ts';
import { bmxRace, timedRace } from './race-fixtures.ts';

/** A stand-in box: `/api/status` and `/ws/v1/live`, with each connection's snapshot chosen by the test. */
class FakeBox {
  readonly requests: URL[] = [];
  readonly sockets: WebSocket[] = [];
  snapshotRaces: RaceView[] = [bmxRace()];
  /** Send JSON in binary frames, as a server writing Buffers does. */
  binary = false;
  private http!: Server;
  private wss!: WebSocketServer;
  port = 0;

  async start(port = 0): Promise<void> {
    this.http = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ track_id: 'local-track' }));
    });
    this.wss = new WebSocketServer({ server: this.http, path: '/ws/v1/live' });
    this.wss.on('connection', (socket, req) => {
      this.requests.push(new URL(req.url!, 'http://box'));
      this.sockets.push(socket);
      const base = { track_id: 'local-track', event_id: null, ts_us: Date.now() * 1000 };
      const send = (message: object) => socket.send(JSON.stringify(message), { binary: this.binary });
      send({ kind: 'snapshot', channel: 'race', seq: 0, ...base, payload: { event: null, races: this.snapshotRaces, standings: [] } });
      send({ kind: 'snapshot', channel: 'decoder', seq: 1, ...base, payload: { status: { track_id: 'local-track' }, passings: [] } });
    });
    await new Promise<void>((resolve) => this.http.listen(port, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
  }

  send(socket: WebSocket, message: Omit<LiveMessage, 'track_id' | 'event_id' | 'ts_us' | 'seq'>): void {
    socket.send(JSON.stringify({ track_id: 'local-track', event_id: null, ts_us: Date.now() * 1000, seq: 9, ...message }));
  }

  async stop(): Promise<void> {
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

let box: FakeBox;
let client: LiveClient | undefined;

/** A client as the scoreboard makes one, with the browser globals it uses pointed at the loopback box. */
function startClient(options: { staleAfterMs?: number } = {}) {
  const updates: { info: ConnectionInfo; delay: number | null }[] = [];
  const live = { state: emptyLiveState as LiveState };
  client = new LiveClient({
    channels: ['race', 'decoder'],
    onMessage: (message) => (live.state = reduceLive(live.state, message)),
    onConnection: (info) => updates.push({ info, delay: info.retryAt === null ? null : info.retryAt - Date.now() }),
    ...options,
  });
  client.start();
  return { updates, live, retries: () => updates.filter((u) => u.delay !== null).map((u) => u.delay!) };
}

beforeEach(async () => {
  box = new FakeBox();
  await box.start();
  const realFetch = globalThis.fetch;
  vi.stubGlobal('WebSocket', WebSocket);
  vi.stubGlobal('location', { protocol: 'http:', get host() { return `127.0.0.1:${box.port}`; } });
  vi.stubGlobal('document', { visibilityState: 'visible', addEventListener() {}, removeEventListener() {} });
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => realFetch(new URL(url, `http://127.0.0.1:${box.port}`), init));
});

afterEach(async () => {
  client?.stop();
  client = undefined;
  await box.stop();
  vi.unstubAllGlobals();
});

describe('live client socket', () => {
  test('live client socket - connects with the track id from /api/status for both channels and goes live on the snapshot', async () => {
    const { live, updates } = startClient();
    await waitFor('the race snapshot', () => live.state.synced);
    expect(box.requests[0]!.searchParams.get('track_id')).toBe('local-track');
    expect(box.requests[0]!.searchParams.get('channels')).toBe('race,decoder');
    await waitFor('live', () => updates.at(-1)?.info.state === 'live');
    expect(live.state.races.map((r) => r.race_id)).toEqual(['m1']);
    expect(live.state.status).toEqual({ track_id: 'local-track' });
  });

  test('live client socket - JSON in binary frames is read like text frames', async () => {
    box.binary = true;
    const { live } = startClient();
    await waitFor('the race snapshot', () => live.state.synced);
    expect(live.state.races.map((r) => r.race_id)).toEqual(['m1']);
  });

  test('live client socket - after the box drops the connection the fresh snapshot replaces the state', async () => {
    const { live, updates } = startClient();
    await waitFor('the first snapshot', () => box.sockets.length === 1 && live.state.synced);
    box.snapshotRaces = [timedRace()];
    box.sockets[0]!.terminate();
    await waitFor('offline', () => updates.some((u) => u.info.state === 'offline'));
    await waitFor('the second connection', () => box.sockets.length === 2);
    await waitFor('the fresh snapshot', () => live.state.races[0]?.race_id === 'a-main');
    expect(live.state.races.map((r) => r.race_id)).toEqual(['a-main']);
  });

  test('live client socket - a resync takes a fresh snapshot on a new connection at once, without going offline or connecting in between', async () => {
    const { live, updates } = startClient();
    await waitFor('the first snapshot', () => box.sockets.length === 1 && live.state.synced);
    const reported = updates.length;
    box.snapshotRaces = [timedRace()];
    client!.resync();
    await waitFor('the fresh snapshot', () => live.state.races[0]?.race_id === 'a-main');
    expect(box.sockets).toHaveLength(2);
    expect(updates.slice(reported).map((u) => u.info.state)).not.toContain('offline');
    expect(updates.slice(reported).map((u) => u.info.state)).not.toContain('connecting');
  });

  test('live client socket - an error message ends the connection and its reconnect_after_ms sets the next attempt', async () => {
    const { live, retries } = startClient();
    await waitFor('the first snapshot', () => live.state.synced);
    box.send(box.sockets[0]!, { kind: 'error', channel: 'race', payload: { code: 'lagging', message: 'client too slow', reconnect_after_ms: 40 } });
    await waitFor('the reconnect', () => box.sockets.length === 2);
    expect(retries()[0]).toBeLessThanOrEqual(40);
  });

  test('live client socket - a connection that goes silent is dropped and made again', async () => {
    const { updates } = startClient({ staleAfterMs: 300 });
    await waitFor('the reconnect after silence', () => box.sockets.length >= 2, 10_000);
    expect(updates.find((u) => u.info.state === 'offline')!.info.problem).toBe('no data from the box');
  });

  test('live client socket - while the box is away attempts back off from about 1 s and it comes back live', async () => {
    const { live, updates, retries } = startClient();
    await waitFor('the first snapshot', () => live.state.synced);
    const port = box.port;
    await box.stop();
    await waitFor('two failed attempts', () => retries().length >= 2, 10_000);
    const [first, second] = retries();
    expect(first).toBeGreaterThanOrEqual(750);
    expect(first).toBeLessThanOrEqual(1250);
    expect(second).toBeGreaterThanOrEqual(1500);
    expect(second).toBeLessThanOrEqual(2500);
    box = new FakeBox();
    await box.start(port);
    await waitFor('live again', () => updates.at(-1)?.info.state === 'live', 10_000);
    expect(box.sockets).toHaveLength(1);
  });
});
