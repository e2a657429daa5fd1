/**
 * @module The snapshot → stream hand-over against a real nats-server while race events keep coming:
 * clients connect during publishing (the first of them starting the track's feed mid-stream, twice),
 * and each one's snapshot holds exactly the events before its first live event, which follow with no
 * gap and no event twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DerivedEvent, EventView, RaceView, Standings } from '../../../shared/race/index.ts';
import { waitFor } from '../../harness/index.ts';
import { clubDayOn, TrackStream } from '../../support/race-stream.ts';
import { startGatewayStack, type GatewayStack, type LiveTestClient } from './support.ts';

let stack: GatewayStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

interface Snapshot {
  event: EventView | null;
  races: RaceView[];
  standings: Standings[];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function gate(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Checks one client against everything published on its track: its snapshot is the state after
 * published[0..k), its events are published[k..] in order (up to when it left, unless `stayed`). A
 * client that left before any event came says nothing about where its k was.
 */
function checkHandover(client: LiveTestClient, scope: string | null, published: DerivedEvent[], stayed: boolean): void {
  expect(client.problems).toEqual([]);
  const snapshot = client.messages[0]!.payload as unknown as Snapshot;
  const received = client.events().map((m) => m.payload as unknown as DerivedEvent);
  const wanted = published.filter((e) => scope === null || e.event_id === null || e.event_id === scope);
  if (received.length === 0 && !stayed) return;
  const k = received.length === 0 ? wanted.length : wanted.findIndex((e) => e.id === received[0]!.id);
  expect(k).toBeGreaterThanOrEqual(0);
  if (stayed) expect(k + received.length).toBe(wanted.length);
  expect(received.map((e) => e.id)).toEqual(wanted.slice(k, k + received.length).map((e) => e.id));

  const before = wanted.slice(0, k);
  const eventId = snapshot.event?.event_id ?? scope;
  const lastOf = <T extends DerivedEvent['type']>(type: T, match: (e: Extract<DerivedEvent, { type: T }>) => boolean) =>
    before.filter((e): e is Extract<DerivedEvent, { type: T }> => e.type === type && match(e as Extract<DerivedEvent, { type: T }>)).at(-1);
  if (snapshot.event) expect(snapshot.event).toEqual(lastOf('event.updated', (e) => e.payload.event.event_id === eventId)!.payload.event);
  for (const race of snapshot.races) {
    expect(race).toEqual(lastOf('race.updated', (e) => e.race_id === race.race_id)!.payload.race);
    const next = received.find((e) => e.type === 'race.updated' && e.race_id === race.race_id);
    if (next?.type === 'race.updated') expect(next.payload.race.revision).toBe(race.revision + 1);
  }
  for (const table of snapshot.standings) {
    expect(table).toEqual(lastOf('standings.updated', (e) => e.payload.standings.event_id === eventId && e.payload.standings.class_id === table.class_id)!.payload.standings);
  }
}

describe('live gateway hand-over', () => {
  it('live gateway hand-over - clients that connect while events are published get a snapshot and then every later event once, twice starting the feed mid-stream', async () => {
    stack = await startGatewayStack({ connect_burst: 1000 });
    const alpha = new TrackStream(stack.js, 'alpha', clubDayOn('alpha', 3, 12));
    await alpha.publishBatch(10);
    // Publishing holds at two points until half of a group has joined, so each group joins while events flow.
    const gates = [gate(), gate()];
    const holds = [50, alpha.envelopes.length - 40];
    const publisher = (async () => {
      while (!alpha.done) {
        const held = holds.indexOf(alpha.position);
        if (held >= 0) await gates[held]!.promise;
        await alpha.publishBatch(1);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    const watch = async (count: number, halfway: () => void) => {
      const joined: { client: LiveTestClient; scope: string | null }[] = [];
      for (let i = 0; i < count; i++) {
        const scope = i % 3 === 2 ? 'club-day' : null;
        joined.push({ client: await stack!.client(`track_id=alpha&channels=race${scope ? `&event_id=${scope}` : ''}`), scope });
        if (i === count / 2) halfway();
        await pause(3);
      }
      return joined;
    };
    const first = await watch(8, () => gates[0]!.resolve());
    await Promise.all(first.map(({ client }) => client.close()));
    await waitFor('the feed closed', async () => (await stack!.consumers()) === 0);
    const second = await watch(8, () => gates[1]!.resolve());
    await publisher;

    const published = alpha.published.map((p) => p.event);
    for (const { client, scope } of second) {
      const last = published.filter((e) => scope === null || e.event_id === null || e.event_id === scope).at(-1)!;
      await waitFor('the last event', () => client.events().at(-1)?.payload.id === last.id || (client.events().length === 0 && client.messages.length > 0));
    }
    for (const { client, scope } of first) checkHandover(client, scope, published, false);
    for (const { client, scope } of second) checkHandover(client, scope, published, true);
    // Clients joined with live events still to come, so the checks above looked at real hand-overs.
    expect(second.filter(({ client }) => client.events().length > 5).length).toBeGreaterThanOrEqual(4);
  });
});
