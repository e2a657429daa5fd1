/** @module The live feed of a running appliance: snapshot then ordered race events, scope isolation, heartbeat, a fresh snapshot on reconnect, a slow client cut loose. */
import { afterEach, expect, it } from 'vitest';
import type { DerivedEvent } from '../../../shared/race/index.ts';
import { LiveTestClient, type Seen } from '../live/support.ts';
import { waitFor } from '../service/support.ts';
import { bootRaceBox, DEMO_EVENT, DEMO_MOTO, type RaceBox } from './support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function connect(box: RaceBox, query: string): Promise<LiveTestClient> {
  const client = await LiveTestClient.connect(`${box.appliance.url.replace('http', 'ws')}/ws/v1/live?track_id=local-track&${query}`);
  cleanups.push(() => client.close());
  return client;
}

const raceEvents = (client: LiveTestClient) => client.events().filter((m) => m.channel === 'race').map((m) => m.payload as unknown as DerivedEvent);
const describeEvent = (e: DerivedEvent) => (e.type === 'race.updated' ? `${e.type}:${e.payload.change.kind}` : e.type);

it('live feed - a snapshot per channel first, then every race event in log order with contiguous seq', async () => {
  const box = await bootRaceBox(cleanups);
  const client = await connect(box, 'channels=race,decoder');
  await waitFor('snapshots', () => client.messages.length >= 2);
  expect(client.messages.slice(0, 2).map((m) => [m.kind, m.channel])).toEqual([['snapshot', 'race'], ['snapshot', 'decoder']]);
  expect(client.messages[0]!.payload).toEqual({ event: null, races: [], standings: [], meeting: null });
  expect(Object.keys(client.messages[1]!.payload)).toEqual(['status', 'passings']);

  await box.post('event.setup', DEMO_EVENT);
  await box.post('race.stage', DEMO_MOTO);
  await waitFor('moto finished on the feed', () => raceEvents(client).some((e) => e.type === 'race.updated' && e.payload.change.kind === 'finished'), 30_000);
  // Gate drops of the simulator's own motos before staging, and decoder clock readings, come and go with the link.
  const kinds = raceEvents(client).filter((e) => e.type !== 'gate.unassigned' && e.type !== 'decoder.clock').map(describeEvent);
  // Riders crossing in one read of the decoder reach the feed as one update of the board; staged, gate and finished always come.
  const finishes = kinds.filter((k) => k === 'race.updated:finish').length;
  expect(finishes).toBeGreaterThanOrEqual(1);
  expect(finishes).toBeLessThanOrEqual(3);
  expect(kinds.filter((k) => k !== 'race.updated:finish')).toEqual(['event.updated', 'race.updated:staged', 'race.updated:gate', 'race.updated:finished', 'standings.updated']);
  expect(kinds.indexOf('race.updated:finish')).toBe(3);
  expect(kinds.lastIndexOf('race.updated:finish')).toBe(2 + finishes);
  expect(client.seqs()).toEqual(client.messages.map((_, i) => i));
  expect(client.problems).toEqual([]);
  // The decoder channel carried the same passings, with the riders' names.
  const passings = client.events().filter((m) => m.channel === 'decoder' && m.payload.type === 'passing').map((m) => (m.payload.passing as { name: string | null; gate: boolean }));
  expect(passings.filter((p) => !p.gate).map((p) => p.name).sort()).toEqual(['Ann Berg', 'Bo Lind', 'Cy Holm']);
});

it('live feed - a client scoped to one event never sees another event\'s races', async () => {
  const box = await bootRaceBox(cleanups);
  await box.post('event.setup', DEMO_EVENT);
  await box.post('event.setup', { ...DEMO_EVENT, event_id: 'other-night', name: 'Other night' });
  const mine = await connect(box, 'event_id=club-night&channels=race');
  const theirs = await connect(box, 'event_id=other-night&channels=race');
  await box.post('race.stage', DEMO_MOTO);
  await waitFor('moto finished', () => raceEvents(mine).some((e) => e.type === 'standings.updated'), 30_000);
  await box.post('event.setup', { ...DEMO_EVENT, event_id: 'other-night', name: 'Other night, renamed' });
  await waitFor('the other event updated', () => raceEvents(theirs).some((e) => e.type === 'event.updated'));
  expect(raceEvents(theirs).map((e) => e.event_id)).toEqual(['other-night']);
  expect(new Set(raceEvents(mine).map((e) => e.event_id))).toEqual(new Set(['club-night', null].filter((x) => raceEvents(mine).some((e) => e.event_id === x))));
  expect(raceEvents(mine).some((e) => e.event_id === 'other-night')).toBe(false);
  expect((theirs.messages[0]!.payload as { event: { name: string } }).event.name).toBe('Other night');
});

it('live feed - a heartbeat arrives within the 5 s period', async () => {
  const box = await bootRaceBox(cleanups);
  const client = await connect(box, 'channels=race');
  await waitFor('heartbeat', () => client.messages.some((m: Seen) => m.kind === 'heartbeat'), 12_000);
  expect(client.messages[0]!.kind).toBe('snapshot');
});

it('live feed - a client that connects after a moto gets it in its snapshot', async () => {
  const box = await bootRaceBox(cleanups);
  await box.post('event.setup', DEMO_EVENT);
  await box.post('race.stage', DEMO_MOTO);
  await waitFor('moto finished', async () => ((await box.get('/api/races/r1')).body.race as { status: string }).status === 'finished', 30_000);
  const late = await connect(box, 'channels=race');
  await waitFor('snapshot', () => late.messages.length >= 1);
  const snapshot = late.messages[0]!.payload as { event: { event_id: string }; races: { race_id: string; status: string }[]; standings: unknown[] };
  expect(snapshot.event.event_id).toBe('club-night');
  expect(snapshot.races.map((r) => [r.race_id, r.status])).toEqual([['r1', 'finished']]);
  expect(snapshot.standings).toHaveLength(1);
});

it('live feed - a client that stops reading during a passing flood is told it is lagging and closed; a reading one keeps up', async () => {
  // A budget no flood reaches: this is about the hub's backpressure, not the feed's thinning.
  const box = await bootRaceBox(cleanups, { simulator: { scenario: 'burst' }, live: { passings_per_second: 100_000 } });
  box.appliance.simulator!.pause();
  const reading = await connect(box, 'channels=decoder');
  const stalled = await connect(box, 'channels=decoder');
  await waitFor('snapshots', () => reading.messages.length >= 1 && stalled.messages.length >= 1);
  stalled.ws.pause();
  box.appliance.simulator!.resume();
  await waitFor('the box gives up on the stalled client', () => box.appliance.status().live.lagging_closed === 1, 90_000);
  box.appliance.simulator!.pause();
  // Reading again, it finds the passings it was sent, the lagging error, then the close.
  stalled.ws.resume();
  await waitFor('stalled client closed', () => stalled.closeCode !== null, 60_000);
  expect(stalled.closeCode).toBe(1013);
  expect(stalled.messages.at(-1)).toMatchObject({ kind: 'error', payload: { code: 'lagging', reconnect_after_ms: 2000 } });
  expect(box.appliance.status().live.dropped).toBeGreaterThan(0);
  const sent = box.appliance.status().intake.passings_this_boot;
  await waitFor('reading client has every passing', () => reading.events().filter((m) => m.payload.type === 'passing').length === sent, 30_000);
  expect(reading.closeCode).toBeNull();
}, 180_000);

it('live feed - a passing flood is thinned to the budget with a summary of what went unsent, while the log keeps every passing', async () => {
  const box = await bootRaceBox(cleanups, { simulator: { scenario: 'burst' }, live: { passings_per_second: 20 } });
  box.appliance.simulator!.pause();
  const client = await connect(box, 'channels=decoder');
  await waitFor('snapshot', () => client.messages.length >= 1);
  box.appliance.simulator!.resume();
  await waitFor('a summary of skipped passings', () => client.events().some((m) => m.payload.type === 'passings_skipped'), 30_000);
  box.appliance.simulator!.pause();
  const logged = box.appliance.status().intake.passings_this_boot;
  const passings = client.events().filter((m) => m.payload.type === 'passing').length;
  const skipped = client.events().filter((m) => m.payload.type === 'passings_skipped');
  expect(logged).toBeGreaterThan(1000);
  expect(passings).toBeLessThan(logged / 4);
  expect(skipped[0]!.payload).toMatchObject({ skipped: expect.any(Number), latest: { passing_number: expect.any(Number) } });
  expect(client.closeCode).toBeNull();
}, 60_000);

it('live feed - messages are text frames, as browsers expect JSON to arrive', async () => {
  const box = await bootRaceBox(cleanups);
  const { default: WebSocket } = await import('ws');
  const ws = new WebSocket(`${box.appliance.url.replace('http', 'ws')}/ws/v1/live?track_id=local-track&channels=race,decoder`);
  cleanups.push(async () => ws.terminate());
  const frames: boolean[] = [];
  ws.on('message', (_data, isBinary) => frames.push(isBinary));
  await waitFor('both snapshots', () => frames.length >= 2);
  expect(frames.slice(0, 2)).toEqual([false, false]);
});
