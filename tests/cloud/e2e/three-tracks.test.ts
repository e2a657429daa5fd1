/** @module Three boxes, each with its own simulator, race into one cloud at once: no track sees another's events, each track's derived events are in its log order, and they equal byte for byte what each box's own engine derives from the same log. */
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { expect, it } from 'vitest';
import { makeTempDir, removeTempDir, startNatsServer, useCleanups, waitFor } from '../../harness/index.ts';
import { boxDerivedEvents, cloudRaceEvents, startBoxProcess, startCloudProcess, untilSynced, type BoxProcess } from '../../support/cloud-e2e.ts';

const defer = useCleanups();
const TRACKS = ['north-track', 'south-track', 'east-track'] as const;

const rcEvent = (track: string) => ({
  event_id: `${track}-night`,
  name: `Club night at ${track}`,
  classes: [{ class_id: 'buggy', name: '2WD Buggy', format: 'timed' }],
  riders: [1, 2, 3].map((i) => ({ rider_id: `${track}-d${i}`, name: `Driver ${i}`, class_id: 'buggy', transponders: [3_100_000 + i] })),
});

async function raceOn(box: BoxProcess, track: string): Promise<void> {
  const event = rcEvent(track);
  for (const [intent, body] of [
    ['event.setup', event],
    ['race.stage', { event_id: event.event_id, race_id: 'heat-1', format: 'timed', class_id: 'buggy', name: 'Heat 1', duration_ms: 10_000, overtime_ms: 4_000, min_lap_ms: 1000, lineup: event.riders.map((r) => ({ rider_id: r.rider_id })) }],
    ['race.start', { race_id: 'heat-1' }],
  ] as const) {
    const answer = await box.control(intent, body);
    expect(answer.status, `${intent}: ${JSON.stringify(answer.body)}`).toBe(200);
  }
}

it('three tracks - three boxes race into one cloud: each track keeps its own events, in log order, equal byte for byte to the box\'s own', async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const dir = await makeTempDir('e2e-three');
  defer(() => removeTempDir(dir));
  const cloud = await startCloudProcess({ natsUrl: nats.url, dir, name: 'cloud', roles: ['ingest', 'race', 'projection', 'gateway'] });
  defer(() => cloud.stop());

  const boxes = await Promise.all(TRACKS.map((track) => startBoxProcess({ dataDir: join(dir, track), trackId: track, clientId: 'box-1', cloudUrl: cloud.url, env: { MRE_SIMULATOR_LAP_SECONDS: '1.5,2' } })));
  for (const box of boxes) defer(() => box.stop());
  await Promise.all(boxes.map((box, i) => raceOn(box, TRACKS[i]!)));
  // The heats end by themselves (10 s and the overtime); every box then has nothing left to send.
  await Promise.all(boxes.map((box) => waitFor('the heat to finish', async () => ((await (await fetch(`${box.url}/api/races/heat-1`)).json()) as { race: { status: string } }).race.status === 'finished' || undefined, 90_000)));
  await Promise.all(boxes.map((box) => untilSynced(box)));
  await Promise.all(boxes.map((box) => box.stop()));

  const nc = await connect({ servers: nats.url });
  defer(() => nc.close());
  for (const [i, track] of TRACKS.entries()) {
    const fromBox = await boxDerivedEvents(boxes[i]!.dataDir, dir);
    expect(fromBox.length, `${track}: the box derived events`).toBeGreaterThan(10);
    const fromCloud = await waitFor(`${track}: the cloud to publish every event`, async () => {
      const events = await cloudRaceEvents(nc, track);
      return events.length >= fromBox.length ? events : undefined;
    }, 60_000);
    expect(fromCloud).toEqual(fromBox);
    // Nothing of the other tracks: every event names this track's own event.
    for (const body of fromCloud) {
      const event = JSON.parse(body) as { event_id: string | null };
      if (event.event_id !== null) expect(event.event_id).toBe(`${track}-night`);
    }
  }
}, 300_000);
