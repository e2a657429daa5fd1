/**
 * @module Faults end to end, through real `mre appliance start` and `mre cloud start` processes: the
 * NATS server killed with -9 mid-ingest and restarted on its store, the race worker owning a track
 * killed with -9 while another waits, an envelope whose derived event NATS cannot carry, and a box
 * that logged a 300,000-passing burst while the cloud was away. Nothing is lost, nothing doubled.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS, idempotencyKey, STREAMS, subjects } from '../../../shared/contracts/index.ts';
import { freePort, makeTempDir, removeTempDir, startNatsServer, useCleanups, waitFor, type NatsServer } from '../../harness/index.ts';
import { boxDerivedEvents, cloudHealth, cloudRaceEvents, controlAll, startBoxProcess, startCloudProcess, startHeat, storedMessages, untilFinished, untilSynced, type BoxProcess, type CloudProcess } from '../../support/cloud-e2e.ts';
import { startBurstDecoder, stopAll } from '../../support/flood/flood-box.ts';
import { readLogDir } from '../../appliance/service/support.ts';

const defer = useCleanups();
const LAPS = { MRE_SIMULATOR_LAP_SECONDS: '1.5,2' };
const HEAT = { eventId: 'fault-night', raceId: 'heat-1', transponders: [3_100_001, 3_100_002, 3_100_003, 3_100_004] };
const MiB = 1024 * 1024;

interface Rig {
  nats: NatsServer;
  dir: string;
  nc: NatsConnection;
}

async function rig(name: string, natsArgs: string[] = []): Promise<Rig> {
  const dir = await makeTempDir(`e2e-${name}`);
  defer(() => removeTempDir(dir));
  const nats = await startNatsServer({ args: natsArgs });
  defer(() => nats.stop());
  const nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  defer(() => nc.close());
  return { nats, dir, nc };
}

function cloudOn(r: Rig, name: string, roles: string[], config: Record<string, unknown> = {}): Promise<CloudProcess> {
  return startCloudProcess({ natsUrl: r.nats.url, dir: r.dir, name, roles, config }).then((cloud) => (defer(() => cloud.stop()), cloud));
}

function boxOn(r: Rig, track: string, cloudUrl: string, env: NodeJS.ProcessEnv = LAPS): Promise<BoxProcess> {
  return startBoxProcess({ dataDir: join(r.dir, track), trackId: track, clientId: 'box-1', cloudUrl, env }).then((box) => (defer(() => box.stop()), box));
}

/** Stops the box and checks the cloud derived, byte for byte and in order, what the box's engine derives from its log; returns them. */
async function expectCloudEqualsBox(r: Rig, box: BoxProcess, track: string): Promise<string[]> {
  await box.stop();
  const fromBox = await boxDerivedEvents(box.dataDir, r.dir);
  expect(fromBox.length, 'the box derived events').toBeGreaterThan(10);
  const fromCloud = await waitFor(`${track}: the cloud to publish every event`, async () => {
    const events = await cloudRaceEvents(r.nc, track);
    return events.length >= fromBox.length ? events : undefined;
  }, 60_000);
  expect(fromCloud).toEqual(fromBox);
  return fromBox;
}

/** The raw stream holds each envelope of the box's log exactly once, in log order (the box must be stopped). */
async function expectRawEqualsLog(r: Rig, box: BoxProcess, subject?: string): Promise<number> {
  const keys = (await readLogDir(join(box.dataDir, 'log'))).map((e) => idempotencyKey(e));
  const stored = (await storedMessages(r.nc, STREAMS.ingestRaw, { ...(subject ? { subject } : {}), headersOnly: true })).map((m) => m.headers?.get('Nats-Msg-Id'));
  expect(stored.length, 'envelopes in the raw stream, against the box log').toBe(keys.length);
  expect(new Set(stored).size).toBe(stored.length);
  expect(stored).toEqual(keys);
  return keys.length;
}

const raceTracks = async (cloud: CloudProcess): Promise<string[]> => ((await cloudHealth(cloud).catch(() => ({ race: { tracks: [] } }))).race?.tracks ?? []) as string[];

describe('faults end to end', () => {
  it('faults - nats-server killed with -9 mid-ingest and restarted on its store: the box backs off, then drains; nothing lost, nothing doubled', async () => {
    const r = await rig('nats-kill');
    const track = 'kill-nats';
    const cloud = await cloudOn(r, 'cloud', ['ingest', 'race']);
    const box = await boxOn(r, track, cloud.url);
    await startHeat(box, { ...HEAT, durationMs: 16_000 });
    await waitFor('the race under way in the cloud', async () => (await cloudRaceEvents(r.nc, track)).length >= 6, 30_000);

    await r.nats.kill('SIGKILL');
    const logged = (await box.status()).log.last_lsn as number;
    await waitFor('the box to back off', async () => (await box.status()).sync.state === 'backing_off', 30_000);
    await waitFor('passings logged while NATS is down', async () => ((await box.status()).log.last_lsn as number) >= logged + 3, 30_000);
    const away = (await box.status()).sync;
    expect(away.lag_envelopes).toBeGreaterThan(0);
    expect(away.last_error).toMatch(/503/);
    await r.nats.restart();

    await untilFinished(box, HEAT.raceId);
    await untilSynced(box);
    await expectCloudEqualsBox(r, box, track);
    await expectRawEqualsLog(r, box, subjects.ingestRaw(track));
  }, 240_000);

  it('faults - the race worker owning a track killed with -9 mid-race: the other takes the track over within 10 s and the outcome is unchanged', async () => {
    const r = await rig('worker-kill');
    const track = 'kill-worker';
    const ingest = await cloudOn(r, 'ingest', ['ingest']);
    const workers = [await cloudOn(r, 'race-a', ['race']), await cloudOn(r, 'race-b', ['race'])];
    const box = await boxOn(r, track, ingest.url);
    await startHeat(box, { ...HEAT, durationMs: 20_000 });
    const owner = await waitFor('a worker to own the track', async () => {
      for (const worker of workers) if ((await raceTracks(worker)).includes(track)) return worker;
      return undefined;
    }, 30_000);
    const survivor = workers.find((w) => w !== owner)!;
    await waitFor('the race under way in the cloud', async () => (await cloudRaceEvents(r.nc, track)).length >= 6, 30_000);

    const killedAt = performance.now();
    await owner.kill();
    await waitFor('the survivor to take the track', async () => (await raceTracks(survivor)).includes(track), 30_000);
    // The acceptance bound: a dead worker's track runs again within 10 s.
    expect(performance.now() - killedAt, 'ms from the kill to the takeover').toBeLessThan(10_000);

    await untilFinished(box, HEAT.raceId);
    await untilSynced(box);
    await expectCloudEqualsBox(r, box, track);
    const ids = (await storedMessages(r.nc, STREAMS.raceEvents, { subject: subjects.raceEvents(track), headersOnly: true })).map((m) => m.headers?.get('Nats-Msg-Id'));
    expect(new Set(ids).size).toBe(ids.length);
    // The race went on in the survivor: it published the events after the takeover.
    expect((await cloudHealth(survivor)).race.events).toBeGreaterThan(0);
  }, 240_000);

  it('faults - an envelope whose derived event NATS cannot carry lands in the DLQ with its reason, and the track\'s later envelopes are still processed', async () => {
    // A server taking 32 KiB messages: a practice race of 200 riders derives a 44 KB race view from a 5 KB intent.
    const confDir = await makeTempDir('e2e-poison-conf');
    defer(() => removeTempDir(confDir));
    const conf = join(confDir, 'nats.conf');
    writeFileSync(conf, 'max_payload: 32768\n');
    const r = await rig('poison', ['-c', conf]);
    const track = 'poison-track';
    const cloud = await cloudOn(r, 'cloud', ['ingest', 'race']);
    const box = await boxOn(r, track, cloud.url);
    const riders = Array.from({ length: 200 }, (_, i) => ({ rider_id: `p${i + 1}`, name: `Practice driver ${i + 1}`, class_id: 'open', transponders: [4_000_001 + i] }));
    await controlAll(box, [
      ['event.setup', { event_id: 'open-practice', name: 'Open practice', classes: [{ class_id: 'open', name: 'Open' }], riders }],
      ['race.stage', { event_id: 'open-practice', race_id: 'everyone', format: 'practice', lineup: riders.map((x) => ({ rider_id: x.rider_id })) }],
      ['race.reset', { race_id: 'everyone', reason: 'too many cars' }],
    ]);
    await startHeat(box, HEAT);
    await untilFinished(box, HEAT.raceId);
    await untilSynced(box);
    await box.stop();

    const fromBox = await boxDerivedEvents(box.dataDir, r.dir);
    const tooLarge = fromBox.filter((body) => Buffer.byteLength(body) + 1024 > 32_768).map((body) => JSON.parse(body) as { id: string; type: string });
    expect(tooLarge.map((e) => e.type)).toEqual(['race.updated', 'race.updated']);
    const carried = fromBox.filter((body) => !tooLarge.some((e) => e.id === (JSON.parse(body) as { id: string }).id));
    const fromCloud = await waitFor('every other event published', async () => {
      const events = await cloudRaceEvents(r.nc, track);
      return events.length >= carried.length ? events : undefined;
    }, 60_000);
    // Everything after the dead letters, the heat to its finish, is there exactly as the box derived it.
    expect(fromCloud).toEqual(carried);
    expect(JSON.parse(fromCloud.at(-1)!)).toMatchObject({ race_id: HEAT.raceId });

    const letters = await waitFor('two dead letters', async () => {
      const found = await storedMessages(r.nc, STREAMS.dlq, { subject: subjects.dlq(track) });
      return found.length >= 2 ? found : undefined;
    }, 30_000);
    expect(letters).toHaveLength(2);
    for (const [i, letter] of letters.entries()) {
      const envelope = JSON.parse(letter.body) as { id: string; message_type: string; payload: { intent: string } };
      expect(tooLarge[i]!.id.startsWith(`${envelope.id}-`)).toBe(true);
      expect([envelope.message_type, envelope.payload.intent]).toEqual(['CONTROL', i === 0 ? 'race.stage' : 'race.reset']);
      expect(letter.headers?.get(DLQ_HEADERS.reason)).toMatch(new RegExp(`^derived event ${tooLarge[i]!.id} \\(race.updated\\) is \\d+ bytes, more than the NATS max_payload$`));
      expect(letter.headers?.get(DLQ_HEADERS.role)).toBe('race');
      expect(letter.headers?.get(DLQ_HEADERS.subject)).toBe(subjects.ingestRaw(track));
    }
    expect((await cloudHealth(cloud)).race.dead_lettered).toBe(2);
  }, 240_000);

  it('faults - a box that logged a burst of 300,000 passings while the cloud was away drains completely when it comes back; the raw stream holds each envelope once', async () => {
    const r = await rig('offline-burst');
    const track = 'burst-track';
    const passings = 300_000;
    const port = await freePort();
    const decoder = await startBurstDecoder(r.dir, passings, { waitForHost: true });
    defer(() => stopAll(decoder.tracked));
    // The box's cloud URL leads nowhere until the cloud starts on that port.
    const box = await boxOn(r, track, `http://127.0.0.1:${port}`, { MRE_DECODER_SOURCE: `tcp://127.0.0.1:${decoder.port}` });
    await waitFor(`${passings} passings logged`, async () => (await new Promise((resolve) => setTimeout(resolve, 500)), (await box.status()).intake.passings_this_boot === passings), 240_000);
    const away = (await box.status()).sync;
    expect(away.state).toBe('backing_off');
    expect(away.lag_envelopes).toBeGreaterThanOrEqual(passings);

    await cloudOn(r, 'cloud', ['ingest'], { http: { host: '127.0.0.1', port }, streams: { ingest_raw: { max_bytes: 512 * MiB } } });
    await untilSynced(box, 300_000);
    expect((await box.status()).sync.lag_envelopes).toBe(0);
    await box.stop();
    await stopAll(decoder.tracked);
    expect(await expectRawEqualsLog(r, box)).toBeGreaterThanOrEqual(passings);
  }, 600_000);
});
