/**
 * @module No duplicates end to end, with a 2 s duplicate window: a box races and syncs into
 * `mre cloud start`; then a batch of its log is POSTed twice with its token (the second inside the
 * window), and after the window the box sends its whole log again from a reset sync cursor. The
 * track's derived events, the read models (values and revisions) and the projection's counters do
 * not change, and the events still equal the box's own byte for byte.
 */
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Level } from 'level';
import { describe, expect, it } from 'vitest';
import { CURSOR_KEY } from '../../../appliance/log/keys.ts';
import { BUCKETS } from '../../../cloud/ingest/stream-specs.ts';
import { PROJECTION_CONSUMER } from '../../../cloud/projection/consumer.ts';
import { STREAMS, subjects, trackConsumerName } from '../../../shared/contracts/index.ts';
import { freePort, makeTempDir, removeTempDir, startNatsServer, useCleanups, waitFor } from '../../harness/index.ts';
import { boxDerivedEvents, boxToken, cloudHealth, cloudRaceEvents, startBoxProcess, startCloudProcess, startHeat, storedMessages, untilConsumed, untilFinished, untilSynced, type CloudProcess } from '../../support/cloud-e2e.ts';
import { readLogDir } from '../../appliance/service/support.ts';
import { postBatch } from '../ingest/support.ts';

const defer = useCleanups();
const TRACK = 'dup-track';
const CLIENT = 'box-1';
const WINDOW_MS = 2_000;
const pastTheWindow = () => new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 1_000));

/** Every read model with its KV revision: a rewrite of the same text would still show as a new revision. */
async function readModels(nc: NatsConnection): Promise<Record<string, { revision: number; value: string }>> {
  const kv = await new Kvm(jetstream(nc)).open(BUCKETS.readModels);
  const keys: string[] = [];
  for await (const key of await kv.keys()) keys.push(key);
  const out: Record<string, { revision: number; value: string }> = {};
  for (const key of keys.sort()) {
    const entry = await kv.get(key);
    if (entry?.operation === 'PUT') out[key] = { revision: entry.revision, value: entry.string() };
  }
  return out;
}

/** What must not change: the track's events, the read models, and what the race worker and projection say they published and applied. */
async function cloudState(nc: NatsConnection, cloud: CloudProcess) {
  const health = await cloudHealth(cloud);
  return { events: await cloudRaceEvents(nc, TRACK), models: await readModels(nc), published: health.race.events, applied: health.projection.applied, projectionDuplicates: health.projection.duplicates };
}

const rawCount = async (nc: NatsConnection) => (await storedMessages(nc, STREAMS.ingestRaw, { subject: subjects.ingestRaw(TRACK), headersOnly: true })).length;

/** Clears the box's sync cursor (the box stopped): at its next start it sends its whole log again. */
async function resetSyncCursor(dataDir: string): Promise<void> {
  const db = new Level<string, string>(join(dataDir, 'log'));
  await db.open();
  await db.put(CURSOR_KEY, '0', { sync: true });
  await db.close();
}

describe('no duplicates end to end', () => {
  it('duplicates - a batch re-sent inside the window and the box\'s whole log re-sent after it add no derived event and change no read model', async () => {
    const nats = await startNatsServer();
    defer(() => nats.stop());
    const dir = await makeTempDir('e2e-dup');
    defer(() => removeTempDir(dir));
    const cloud = await startCloudProcess({ natsUrl: nats.url, dir, name: 'cloud', roles: ['ingest', 'race', 'projection'], config: { streams: { duplicate_window_ms: WINDOW_MS } } });
    defer(() => cloud.stop());
    const nc = await connect({ servers: nats.url });
    defer(() => nc.close());

    const dataDir = join(dir, 'box');
    let box = await startBoxProcess({ dataDir, trackId: TRACK, clientId: CLIENT, cloudUrl: cloud.url, env: { MRE_SIMULATOR_LAP_SECONDS: '1.5,2' } });
    defer(() => box.stop());
    await startHeat(box, { eventId: 'dup-night', raceId: 'heat-1', transponders: [3_100_001, 3_100_002, 3_100_003, 3_100_004, 3_100_005, 3_100_006] });
    await untilFinished(box, 'heat-1');
    await untilSynced(box);
    await box.stop();
    const log = await readLogDir(join(dataDir, 'log'));
    const fromBox = await boxDerivedEvents(dataDir, dir);
    await waitFor('the cloud to derive and project the whole log', async () => {
      const health = await cloudHealth(cloud);
      return health.race.envelopes === log.length && health.race.events === fromBox.length && health.projection.applied === fromBox.length;
    }, 60_000);
    const before = await cloudState(nc, cloud);
    expect(before.events).toEqual(fromBox);
    expect(Object.keys(before.models)).toEqual(expect.arrayContaining([`tracks.${TRACK}`, `track.${TRACK}.race.heat-1`]));
    expect(await rawCount(nc)).toBe(log.length);

    // The heat's end sent again, twice: the first is stored again (its first send is past the window), the retry inside the window is not.
    await pastTheWindow();
    const batch = { envelopes: log.slice(Math.floor(log.length / 2)) };
    const n = batch.envelopes.length;
    const token = boxToken(TRACK, CLIENT);
    const first = await postBatch(cloud.url, token, batch);
    const retry = await postBatch(cloud.url, token, batch);
    expect([first.status, first.body.accepted, first.body.duplicate]).toEqual([200, n, 0]);
    expect([retry.status, retry.body.accepted, retry.body.duplicate]).toEqual([200, 0, n]);
    expect(await rawCount(nc)).toBe(log.length + n);

    // After the window the box, its cursor lost, sends everything again (no decoder now, so it logs nothing new).
    await pastTheWindow();
    await resetSyncCursor(dataDir);
    const nowhere = await freePort();
    box = await startBoxProcess({ dataDir, trackId: TRACK, clientId: CLIENT, cloudUrl: cloud.url, env: { MRE_DECODER_SOURCE: `tcp://127.0.0.1:${nowhere}` } });
    await untilSynced(box);
    const status = await box.status();
    expect(status.sync.drained_this_boot).toBe(log.length);
    await box.stop();
    expect(await rawCount(nc)).toBe(log.length + n + log.length);

    await untilConsumed(nc, STREAMS.ingestRaw, trackConsumerName('race', TRACK));
    await untilConsumed(nc, STREAMS.raceEvents, PROJECTION_CONSUMER);
    const after = await cloudState(nc, cloud);
    expect(after.published).toBe(before.published);
    expect(after.applied).toBe(before.applied);
    expect(after.events).toEqual(before.events);
    expect(after.models).toEqual(before.models);
    const ids = (await storedMessages(nc, STREAMS.raceEvents, { subject: subjects.raceEvents(TRACK), headersOnly: true })).map((m) => m.headers?.get('Nats-Msg-Id'));
    expect(new Set(ids).size).toBe(fromBox.length);
    expect((await cloudHealth(cloud)).race.duplicates).toBe(n + log.length);
  }, 240_000);
});
