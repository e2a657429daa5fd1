/** @module Live fan-out at scale: 500 concurrent clients on one hub all get their snapshot and every published event. */
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../harness/index.ts';
import { contiguous, LiveTestClient, startLiveServer, TRACK, waitFor } from './support.ts';

const defer = useCleanups();
const CLIENTS = 500;

describe('live fan-out', () => {
  it(`live fan-out - ${CLIENTS} concurrent clients all get the snapshot and every published event`, async () => {
    const live = await startLiveServer({ heartbeatMs: 600_000 });
    defer(() => live.stop());
    const clients: LiveTestClient[] = [];
    defer(() => Promise.all(clients.map((c) => c.close())));
    // Connect in waves so the listen backlog is never the thing under test.
    for (let wave = 0; wave < CLIENTS / 50; wave++) {
      clients.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => LiveTestClient.connect(live.url(`track_id=${TRACK}&event_id=${(wave * 50 + i) % 2 ? 'e1' : 'e2'}`))))));
    }
    await waitFor('every snapshot', () => clients.every((c) => c.messages.length === 2), 60_000);
    expect(live.hub.stats().clients).toBe(CLIENTS);

    const lap = { id: 'evt-1', type: 'lap', event_id: 'e1', race_id: 'r1', at_us: 1_795_000_000_000_000, payload: { transponder: 3438895, lap: 7 } };
    for (let n = 0; n < 10; n++) live.track.publish({ channel: 'race', event_id: null, payload: { ...lap, n } });
    live.track.publish({ channel: 'race', event_id: 'e1', payload: { ...lap, n: 10 } });
    const expected = (c: LiveTestClient) => (c.messages[0]!.event_id === 'e1' ? 11 : 10);
    await waitFor('every event at every client', () => clients.every((c) => c.events().length === expected(c)), 60_000);

    for (const c of clients) {
      expect(c.problems).toEqual([]);
      expect(c.seqs()).toEqual(contiguous(c.messages.length));
      expect(c.events().map((e) => e.payload.n)).toEqual(contiguous(expected(c)));
    }
    expect(live.hub.stats()).toMatchObject({ clients: CLIENTS, messages_sent: CLIENTS * 2 + CLIENTS * 10 + CLIENTS / 2, dropped: 0, coalesced: 0 });
  });
});
