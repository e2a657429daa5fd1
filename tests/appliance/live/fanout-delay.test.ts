/** @module The live hub's fanout-delay hook: one observation per published item per client that gets it, none for snapshots or heartbeats, and a failing observer stops nothing. */
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../harness/index.ts';
import { captureLogs } from '../decoder/helpers.ts';
import { LiveTestClient, startLiveServer, TRACK, waitFor } from './support.ts';

const defer = useCleanups();
const lap = (n: number) => ({ id: `evt-${n}`, type: 'lap', race_id: 'r1', n });

describe('live fanout delay', () => {
  it('live fanout delay - observed once per published item per client in scope, never for snapshots or heartbeats', async () => {
    const delays: number[] = [];
    const live = await startLiveServer({ heartbeatMs: 50, onFanout: (seconds) => delays.push(seconds) });
    defer(() => live.stop());
    const inScope = await Promise.all([1, 2].map(() => LiveTestClient.connect(live.url(`track_id=${TRACK}&channels=race`))));
    const otherEvent = await LiveTestClient.connect(live.url(`track_id=${TRACK}&channels=race&event_id=e2`));
    const clients = [...inScope, otherEvent];
    defer(() => Promise.all(clients.map((c) => c.close())));
    await waitFor('snapshots and a heartbeat', () => clients.every((c) => c.messages.some((m) => m.kind === 'heartbeat')));
    expect(delays).toEqual([]);

    for (let n = 0; n < 3; n++) live.track.publish({ channel: 'race', event_id: 'e1', payload: lap(n) });
    live.track.publish({ channel: 'race', event_id: null, payload: lap(3) });
    await waitFor('every event', () => inScope.every((c) => c.events().length === 4) && otherEvent.events().length === 1);
    // 4 items to each unscoped client, and only the event-less one to the e2 client.
    expect(delays).toHaveLength(4 * 2 + 1);
    for (const seconds of delays) {
      expect(Number.isFinite(seconds)).toBe(true);
      expect(seconds).toBeGreaterThanOrEqual(0);
    }
  });

  it('live fanout delay - a throwing observer is logged and every client still gets every item', async () => {
    const capture = captureLogs();
    defer(() => capture.restore());
    const live = await startLiveServer({
      heartbeatMs: 600_000,
      onFanout: () => {
        throw new Error('histogram broke');
      },
    });
    defer(() => live.stop());
    const clients = await Promise.all([1, 2].map(() => LiveTestClient.connect(live.url(`track_id=${TRACK}&channels=race`))));
    defer(() => Promise.all(clients.map((c) => c.close())));
    for (let n = 0; n < 5; n++) live.track.publish({ channel: 'race', event_id: null, payload: lap(n) });
    await waitFor('every event at both clients', () => clients.every((c) => c.events().length === 5));
    expect(clients.map((c) => c.events().map((e) => e.payload.n))).toEqual([[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]);
    expect(capture.lines.filter((l) => l.includes('live fanout observer failed') && l.includes('histogram broke'))).toHaveLength(1);
  });
});
