/**
 * @module The live gateway against a real nats-server, race events published as the race workers do:
 * clients of three tracks each see only their track (and their event), starting from a snapshot equal to
 * the box's; every client of a track shares one consumer, closed when the last one leaves; a track with
 * no data gives an empty snapshot, then its events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DerivedEvent } from '../../../shared/race/index.ts';
import { waitFor } from '../../harness/index.ts';
import { clubDayOn, TrackStream } from '../../support/race-stream.ts';
import { startGatewayStack, type GatewayStack, type LiveTestClient } from './support.ts';

let stack: GatewayStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const ids = (c: LiveTestClient) => c.events().map((m) => (m.payload as unknown as DerivedEvent).id);
const inScope = (eventId: string | null) => (e: DerivedEvent) => eventId === null || e.event_id === null || e.event_id === eventId;

describe('live gateway fan-out', () => {
  it('live gateway fan-out - clients of three tracks see only their track and event: the box\'s snapshot, then exactly the events after it', async () => {
    stack = await startGatewayStack();
    const tracks = ['alpha', 'beta', 'gamma'].map((id, i) => new TrackStream(stack!.js, id, clubDayOn(id, 3 + i)));
    for (const t of tracks) await t.publishBatch(30);
    const [alpha, beta, gamma] = tracks as [TrackStream, TrackStream, TrackStream];
    const watchers = [
      { stream: alpha, eventId: null, query: 'track_id=alpha&channels=race' },
      { stream: alpha, eventId: 'club-day', query: 'track_id=alpha&event_id=club-day&channels=race' },
      { stream: beta, eventId: null, query: 'track_id=beta&channels=race,decoder' },
      { stream: gamma, eventId: 'club-day-2', query: 'track_id=gamma&event_id=club-day-2&channels=race' },
    ];
    const clients = [];
    for (const w of watchers) {
      const client = await stack.client(w.query);
      clients.push({ ...w, client, seen: w.stream.published.length, expected: w.stream.snapshot(w.eventId) });
    }
    for (const t of tracks) await t.publishAll(4);

    for (const { stream, eventId, client, seen, expected } of clients) {
      const wanted = stream.published.slice(seen).map((p) => p.event).filter(inScope(eventId));
      await waitFor(`${stream.trackId}/${eventId} events`, () => ids(client).length >= wanted.length && ids(client).at(-1) === wanted.at(-1)?.id);
      expect(client.problems).toEqual([]);
      expect(new Set(client.messages.map((m) => m.track_id))).toEqual(new Set([stream.trackId]));
      const snapshot = client.messages.find((m) => m.kind === 'snapshot' && m.channel === 'race')!;
      expect(snapshot.event_id).toBe(eventId);
      expect(snapshot.payload).toEqual(expected);
      expect(ids(client)).toEqual(wanted.map((e) => e.id));
      expect(client.events().map((m) => m.payload)).toEqual(wanted);
    }
    // The unscoped alpha client saw the second day begin; the scoped one never saw its events.
    expect(clients[0]!.client.events().some((m) => m.event_id === 'club-day-2')).toBe(true);
    expect(clients[1]!.client.events().some((m) => m.event_id === 'club-day-2')).toBe(false);
    expect(clients[2]!.client.messages.find((m) => m.kind === 'snapshot' && m.channel === 'decoder')!.payload).toEqual({ status: null, passings: [] });
  });

  it('live gateway fan-out - all clients of a track share one consumer; it is deleted when the last of them leaves', async () => {
    stack = await startGatewayStack({ connect_burst: 100 });
    const alpha = new TrackStream(stack.js, 'alpha', clubDayOn('alpha'));
    await alpha.publishBatch(10);
    const onAlpha = await Promise.all(Array.from({ length: 20 }, () => stack!.client('track_id=alpha&channels=race')));
    const onBeta = await Promise.all(Array.from({ length: 5 }, () => stack!.client('track_id=beta')));
    expect(await stack.consumers()).toBe(2);
    expect(stack.cloud.live.gateway!.health()).toMatchObject({ clients: 25, tracks: 2 });
    expect(await (await fetch(`${stack.cloud.url}/metrics`)).text()).toMatch(/^mre_live_clients 25$/m);

    const [last] = await alpha.publishBatch(10);
    await waitFor('the event on every alpha client', () => onAlpha.every((c) => ids(c).includes(last!.event.id)));
    expect(await stack.consumers()).toBe(2);

    await Promise.all(onAlpha.slice(1).map((c) => c.close()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await stack.consumers()).toBe(2);
    await onAlpha[0]!.close();
    await waitFor('alpha\'s consumer deleted', async () => (await stack!.consumers()) === 1);
    await Promise.all(onBeta.map((c) => c.close()));
    await waitFor('beta\'s consumer deleted', async () => (await stack!.consumers()) === 0);
    expect(stack.cloud.live.gateway!.health()).toMatchObject({ clients: 0, tracks: 0 });

    // The track comes back for its next client, from a fresh snapshot.
    const again = await stack.client('track_id=alpha&channels=race');
    expect(await stack.consumers()).toBe(1);
    await waitFor('the snapshot', () => again.messages.length >= 1);
    expect(again.messages[0]!.payload).toEqual(alpha.snapshot(null));
  });

  it('live gateway fan-out - a track with no data gets an empty snapshot per channel, then the events that come', async () => {
    stack = await startGatewayStack();
    const client = await stack.client('track_id=nowhere');
    await waitFor('both snapshots', () => client.messages.length === 2);
    expect(client.messages.map((m) => [m.kind, m.channel, m.payload])).toEqual([
      ['snapshot', 'race', { event: null, races: [], standings: [], meeting: null }],
      ['snapshot', 'decoder', { status: null, passings: [] }],
    ]);
    const day = new TrackStream(stack.js, 'nowhere', clubDayOn('nowhere'));
    await day.publishBatch(12);
    await waitFor('the events', () => ids(client).length === day.published.length);
    expect(ids(client)).toEqual(day.published.map((p) => p.event.id));
    expect(client.seqs()).toEqual(client.messages.map((_, i) => i));
  });
});
