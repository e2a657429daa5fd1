/** @module The live feed of a real appliance process holding the largest event the caps allow: an oversized event is refused, and a hundred clients that never read are closed while the box's memory stays bounded and it keeps serving. */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { useCleanups, waitFor } from '../../harness/index.ts';
import { LiveTestClient } from '../live/support.ts';
import { largestEvent } from './largest-event.ts';
import { PIN, postIntent, request, spawnBox } from './box-process.ts';

const defer = useCleanups();
const STUCK_CLIENTS = 100;
/** What a Pi can spare for a hundred stuck phones on top of the running box. */
const RSS_CEILING = 600 * 1024 * 1024;

/** A WebSocket client that sends the upgrade and never reads a byte: the kernel buffers fill, then the box's. */
function stuckClient(port: number): net.Socket {
  const socket = net.connect(port, '127.0.0.1', () => {
    socket.write(['GET /ws/v1/live?track_id=local-track HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', '', ''].join('\r\n'));
    socket.pause();
  });
  socket.on('error', () => undefined);
  return socket;
}

type Live = { clients: number; lagging_closed: number };
const liveStats = async (port: number) => (await request(port, { path: '/api/status' })).body.live as Live;

describe('live memory', () => {
  it('live memory - an event past the caps is refused, and stuck clients of the largest allowed event are closed with memory bounded while the box keeps serving', async () => {
    const box = await spawnBox(defer, { MRE_SIMULATOR_SCENARIO: 'bmx-motos' });
    // Thirty thousand classes fit the body limit; the class cap refuses them.
    const huge = { event_id: 'huge', name: 'Huge', classes: Array.from({ length: 30_000 }, (_, i) => ({ class_id: `c${i}`, name: `Class ${i}` })) };
    const refused = await postIntent(box.port, 'event.setup', huge, PIN);
    expect(refused.status).toBe(400);
    expect(refused.body.issues).toEqual([{ path: 'classes', message: 'at most 250 classes per event' }]);

    const event = largestEvent('national');
    expect((await postIntent(box.port, 'event.setup', event, PIN)).status).toBe(200);
    const watcher = await LiveTestClient.connect(`ws://127.0.0.1:${box.port}/ws/v1/live?track_id=local-track`);
    defer(() => watcher.close());
    await waitFor('snapshots', () => watcher.messages.length >= 2);

    const sockets = Array.from({ length: STUCK_CLIENTS }, () => stuckClient(box.port));
    defer(() => sockets.forEach((s) => s.destroy()));
    await waitFor('stuck clients connected', async () => (await liveStats(box.port)).clients === STUCK_CLIENTS + 1);
    let peak = box.rssBytes();
    const sample = setInterval(() => (peak = Math.max(peak, box.rssBytes())), 100);
    defer(() => clearInterval(sample));
    // Each setup sends the whole event to every client: the stuck ones' buffers fill past what the kernel holds.
    for (let i = 0; i < 6; i++) expect((await postIntent(box.port, 'event.setup', { ...event, name: `National ${i}` }, PIN)).status).toBe(200);
    const riders = (event.riders as { rider_id: string }[]).slice(0, 8);
    const stage = await postIntent(box.port, 'race.stage', { event_id: 'national', format: 'bmx', lineup: riders.map((r, i) => ({ rider_id: r.rider_id, lane: i + 1 })) }, PIN);
    expect(stage.status).toBe(200);
    expect((await postIntent(box.port, 'race.gate', { race_id: stage.body.race_id }, PIN)).status).toBe(200);

    await waitFor('stuck clients closed', async () => (await liveStats(box.port)).clients === 1, 60_000);
    expect((await liveStats(box.port)).lagging_closed).toBeGreaterThanOrEqual(STUCK_CLIENTS);
    expect(peak).toBeLessThan(RSS_CEILING);
    expect((await request(box.port, { path: '/healthz' })).status).toBe(200);
    expect(watcher.closeCode).toBeNull();
    const fresh = await LiveTestClient.connect(`ws://127.0.0.1:${box.port}/ws/v1/live?track_id=local-track&channels=race`);
    defer(() => fresh.close());
    await waitFor('a fresh snapshot', () => fresh.messages.length === 1);
  }, 120_000);
});
