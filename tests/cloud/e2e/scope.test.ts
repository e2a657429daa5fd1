/**
 * @module Live scope end to end: two boxes race on two tracks into one `mre cloud start`; a gateway
 * viewer of one track sees exactly that track's derived events, one of an event exactly that event's
 * (and the track-wide ones), and a private track admits only a viewer token issued by
 * `mre cloud token issue --viewer` for it.
 */
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, startNatsServer, waitFor, type NatsServer } from '../../harness/index.ts';
import { cloudRaceEvents, controlAll, heatEvent, liveUrl, startBoxProcess, startCloudProcess, startHeat, untilFinished, untilSynced, type BoxProcess, type CloudProcess } from '../../support/cloud-e2e.ts';
import { runMre } from '../../support/run-mre.ts';
import { LiveTestClient, refusedUpgrade, type Seen } from '../../appliance/live/support.ts';

const NORTH = 'scope-north';
const SOUTH = 'scope-south';
const LAPS = { MRE_SIMULATOR_LAP_SECONDS: '1.5,2' };

let nats: NatsServer;
let dir: string;
let cloud: CloudProcess;
let north: BoxProcess;
let south: BoxProcess;
let nc: NatsConnection;
const clients: LiveTestClient[] = [];

beforeAll(async () => {
  nats = await startNatsServer();
  dir = await makeTempDir('e2e-scope');
  cloud = await startCloudProcess({ natsUrl: nats.url, dir, name: 'cloud', roles: ['ingest', 'race', 'gateway'], config: { gateway: { private_tracks: [SOUTH] } } });
  const box = (track: string) => startBoxProcess({ dataDir: join(dir, track), trackId: track, clientId: 'box-1', cloudUrl: cloud.url, env: LAPS });
  [north, south] = await Promise.all([box(NORTH), box(SOUTH)]);
  nc = await connect({ servers: nats.url });
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await nc?.close();
  await Promise.all([north?.stop(), south?.stop()]);
  await cloud?.stop();
  await nats?.stop();
  if (dir) await removeTempDir(dir);
});

async function viewer(query: string): Promise<LiveTestClient> {
  const client = await LiveTestClient.connect(liveUrl(cloud.url, query));
  clients.push(client);
  await waitFor(`the snapshot for ${query}`, () => client.messages.length >= 1);
  return client;
}

const payloads = (client: LiveTestClient) => client.events().map((m) => m.payload);
const eventIdOf = (body: string) => (JSON.parse(body) as { event_id: string | null }).event_id;

/**
 * The track's events from the one a viewer saw first. The box starts (and reads its decoder's clock)
 * before the viewer connects, so only such track-wide start-up events may precede it; none of the
 * events race control caused may be missing.
 */
function sinceConnected(events: string[], client: LiveTestClient): string[] {
  const first = client.events()[0]?.payload as { id: string } | undefined;
  const start = first ? events.findIndex((body) => (JSON.parse(body) as { id: string }).id === first.id) : -1;
  expect(start, 'the viewer\'s first event is one of the track\'s').toBeGreaterThanOrEqual(0);
  const missed = events.slice(0, start).map((body) => JSON.parse(body) as { type: string; event_id: string | null });
  expect(missed.filter((e) => e.event_id !== null || !e.type.startsWith('decoder.')), 'only start-up decoder events precede the viewer').toEqual([]);
  return events.slice(start);
}

function expectWellOrdered(client: LiveTestClient, track: string): void {
  expect(client.problems).toEqual([]);
  expect(client.messages.map((m) => m.seq)).toEqual(client.messages.map((_, i) => i));
  expect(client.messages.every((m: Seen) => m.track_id === track)).toBe(true);
}

describe('live scope end to end', () => {
  it('scope - while two boxes race on two tracks, a track viewer gets exactly its track\'s events and an event viewer only its event\'s and the track-wide ones', async () => {
    const trackViewer = await viewer(`track_id=${NORTH}&channels=race`);
    const eventViewer = await viewer(`track_id=${NORTH}&event_id=north-a&channels=race`);
    expect(eventViewer.messages[0]).toMatchObject({ kind: 'snapshot', track_id: NORTH, event_id: 'north-a' });

    // North runs two events: north-b set up, a race staged and reset in it, before north-a races (the simulator races the last staged field).
    const northB = { eventId: 'north-b', raceId: 'b-heat', transponders: [3_200_001, 3_200_002] };
    await controlAll(north, [
      ['event.setup', heatEvent(northB)],
      ['race.stage', { event_id: 'north-b', race_id: 'b-heat', format: 'timed', duration_ms: 10_000, lineup: [{ rider_id: 'north-b-d1' }, { rider_id: 'north-b-d2' }] }],
      ['race.reset', { race_id: 'b-heat', reason: 'wrong grid' }],
    ]);
    await Promise.all([
      startHeat(north, { eventId: 'north-a', raceId: 'a-heat', transponders: [3_100_001, 3_100_002, 3_100_003] }),
      startHeat(south, { eventId: 'south-night', raceId: 'heat-1', transponders: [3_100_001, 3_100_002, 3_100_003] }),
    ]);
    // North-b changes while north-a races.
    await controlAll(north, [['event.setup', { ...heatEvent(northB), name: 'North B, renamed' }]]);
    await Promise.all([untilFinished(north, 'a-heat'), untilFinished(south, 'heat-1')]);
    await Promise.all([untilSynced(north), untilSynced(south)]);

    const northEvents = await cloudRaceEvents(nc, NORTH);
    const southEvents = await cloudRaceEvents(nc, SOUTH);
    expect(southEvents.length, 'south raced too').toBeGreaterThan(10);
    expect(northEvents.filter((body) => eventIdOf(body) === 'north-b').length, 'north-b has events of its own').toBeGreaterThanOrEqual(4);
    const last = JSON.parse(northEvents.at(-1)!) as { id: string };
    await waitFor('the track viewer to get north\'s last event', () => trackViewer.events().at(-1)?.payload.id === last.id, 30_000);

    // Connected before the first race control command: every north event from then on, in order, and nothing else.
    const sinceTrackViewer = sinceConnected(northEvents, trackViewer);
    expect(payloads(trackViewer)).toEqual(sinceTrackViewer.map((body) => JSON.parse(body)));
    expectWellOrdered(trackViewer, NORTH);
    const forEventA = sinceConnected(northEvents, eventViewer).filter((body) => eventIdOf(body) === 'north-a' || eventIdOf(body) === null);
    await waitFor('the event viewer to get north-a\'s last event', () => eventViewer.events().length >= forEventA.length, 30_000);
    expect(payloads(eventViewer)).toEqual(forEventA.map((body) => JSON.parse(body)));
    expectWellOrdered(eventViewer, NORTH);
    expect(eventViewer.messages.every((m) => m.event_id === 'north-a' || m.event_id === null)).toBe(true);
  }, 180_000);

  it('scope - a private track refuses a viewer without a token or with another track\'s, and admits one with `mre cloud token issue --viewer`, who sees what the box shows', async () => {
    const issue = async (track: string) => {
      const issued = await runMre(['cloud', 'token', 'issue', '--viewer', '--track', track, '--config', cloud.configFile], { timeoutMs: 30_000 });
      expect(issued.code, issued.stderr).toBe(0);
      return issued.stdout.trim();
    };
    expect(await refusedUpgrade(liveUrl(cloud.url, `track_id=${SOUTH}`))).toMatchObject({ status: 401, body: { error: expect.stringContaining(`track_id "${SOUTH}" is private`) } });
    expect(await refusedUpgrade(liveUrl(cloud.url, `track_id=${SOUTH}&token=${await issue(NORTH)}`))).toMatchObject({ status: 403, body: { error: `this viewer token is for track_id "${NORTH}", not "${SOUTH}"` } });
    // The public track next door needs nothing.
    await viewer(`track_id=${NORTH}&channels=race`);

    const admitted = await viewer(`track_id=${SOUTH}&channels=race&token=${await issue(SOUTH)}`);
    const late = { eventId: 'south-late', raceId: 'late-heat', transponders: [3_300_001] };
    await controlAll(south, [
      ['event.setup', heatEvent(late)],
      ['race.stage', { event_id: 'south-late', race_id: 'late-heat', format: 'timed', duration_ms: 10_000, lineup: [{ rider_id: 'south-late-d1' }] }],
    ]);
    await waitFor('the staged heat live on the private track', () => admitted.events().some((m) => m.payload.race_id === 'late-heat'), 30_000);

    // A viewer joining now sees the track as the box's own live feed shows it.
    const joining = await viewer(`track_id=${SOUTH}&channels=race&token=${await issue(SOUTH)}`);
    const onBox = await LiveTestClient.connect(liveUrl(south.url, `track_id=${SOUTH}&channels=race`));
    clients.push(onBox);
    await waitFor('the box\'s snapshot', () => onBox.messages.length >= 1);
    expect(joining.messages[0]!.payload).toEqual(onBox.messages[0]!.payload);
    expect(joining.messages[0]!.payload).toMatchObject({ event: { event_id: 'south-late' } });
    expectWellOrdered(admitted, SOUTH);
  }, 120_000);
});
