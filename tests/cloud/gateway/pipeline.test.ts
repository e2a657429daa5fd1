/**
 * @module The whole cloud data plane in one process against a real nats-server: a box's envelopes sent
 * to the ingest API, the race worker deriving events, the projection's read models and a live viewer
 * of the gateway all showing what the box's own engine shows for the same log.
 */
import { Kvm } from '@nats-io/kv';
import { afterEach, describe, expect, it } from 'vitest';
import { issueToken } from '../../../cloud/ingest/token.ts';
import { modelKeys } from '../../../cloud/projection/keys.ts';
import type { RaceResults, TrackLive } from '../../../cloud/projection/models.ts';
import { startCloud, type CloudService } from '../../../cloud/service/cloud-service.ts';
import { cloudConfigSchema, type CloudConfig } from '../../../cloud/service/config.ts';
import { raceChannelSnapshot, RaceEngine, type DerivedEvent } from '../../../shared/race/index.ts';
import { startNatsServer, waitFor, type NatsServer } from '../../harness/index.ts';
import { clubDayOn } from '../../support/race-stream.ts';
import { postBatch, SMALL_STREAMS, TEST_SECRET } from '../ingest/support.ts';
import { LiveTestClient } from './support.ts';

let nats: NatsServer | undefined;
let cloud: CloudService | undefined;
let viewer: LiveTestClient | undefined;
afterEach(async () => {
  await viewer?.close();
  await cloud?.stop();
  await nats?.stop();
});

describe('cloud pipeline', () => {
  it('cloud pipeline - envelopes sent by a box reach the read models and a live viewer as the box\'s engine derives them', async () => {
    nats = await startNatsServer();
    const config = cloudConfigSchema.parse({ roles: ['ingest', 'race', 'projection', 'gateway'], nats_url: nats.url, http: { host: '127.0.0.1', port: 0 }, streams: SMALL_STREAMS, ingest: { token_secret: TEST_SECRET }, race: { discover_interval_ms: 200 } }) as CloudConfig;
    cloud = await startCloud(config, { name: 'pipeline' });
    const envelopes = clubDayOn('pipe');
    const engine = RaceEngine.create();
    const half = 30;
    const perEnvelope = envelopes.map((e) => JSON.parse(JSON.stringify(engine.apply(e))) as DerivedEvent[]);
    const derived = perEnvelope.flat();
    const firstHalf = perEnvelope.slice(0, half).flat().length;
    const token = issueToken(Buffer.from(TEST_SECRET), { track_id: 'pipe', client_id: 'box-1' }).token;

    expect((await postBatch(cloud.url, token, { envelopes: envelopes.slice(0, half) })).status).toBe(200);
    const kv = await new Kvm(cloud.live.projection!.nc).open('mre_read_models');
    const live = async () => (await kv.get(modelKeys.trackLive('pipe')))?.json<TrackLive>();
    await waitFor('the first half projected', () => cloud!.live.projection!.projector.stats().applied === firstHalf, 30_000);

    viewer = await LiveTestClient.connect(`${cloud.url.replace(/^http/, 'ws')}/ws/v1/live?track_id=pipe&channels=race`);
    await waitFor('the snapshot', () => viewer!.messages.length >= 1);
    expect((await postBatch(cloud.url, token, { envelopes: envelopes.slice(half) })).status).toBe(200);

    const last = derived.at(-1)!;
    await waitFor('the last event live', () => viewer!.events().at(-1)?.payload.id === last.id, 30_000);
    const ids = viewer.events().map((m) => m.payload.id);
    const k = derived.findIndex((e) => e.id === ids[0]);
    expect(ids).toEqual(derived.slice(k).map((e) => e.id));
    expect(viewer.events().map((m) => m.payload)).toEqual(derived.slice(k));

    await waitFor('every event projected', () => cloud!.live.projection!.projector.stats().applied === derived.length, 30_000);
    expect(await live()).toMatchObject({ current_event_id: engine.currentEventId(), active_races: engine.activeRaces().map((r) => expect.objectContaining({ race_id: r.race_id, status: r.status })) });
    for (const race of engine.races()) expect((await kv.get(modelKeys.race('pipe', race.race_id)))?.json<RaceResults>().race).toEqual(race);

    // A second viewer now gets exactly what the box would show.
    const late = await LiveTestClient.connect(`${cloud.url.replace(/^http/, 'ws')}/ws/v1/live?track_id=pipe&channels=race`);
    await waitFor('its snapshot', () => late.messages.length >= 1);
    expect(late.messages[0]!.payload).toEqual(JSON.parse(JSON.stringify(raceChannelSnapshot(engine, null))));
    await late.close();
  }, 90_000);
});
