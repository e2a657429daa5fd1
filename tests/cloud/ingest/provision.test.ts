/** @module Provisioning against a real nats-server 2.9: the four streams, five KV buckets and the race-state object store made once, a second run changing nothing, a changed limit applied to the existing stream, and limits the server cannot honour refused by config field. */
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision } from '../../../cloud/ingest/provision.ts';
import { ProvisionError } from '../../../cloud/ingest/provision-error.ts';
import { loadCloudConfig } from '../../../cloud/service/config.ts';
import { STREAMS } from '../../../shared/contracts/subjects.ts';
import { startNatsServer, useCleanups, type NatsServer } from '../../harness/index.ts';
import { ingestConfig } from './support.ts';

const defer = useCleanups();
let nats: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

const NAMES = [STREAMS.ingestRaw, STREAMS.raceEvents, STREAMS.raceSnapshot, STREAMS.dlq, 'KV_mre_read_models', 'KV_mre_dedupe', 'KV_mre_leases', 'KV_mre_revoked_tokens', 'KV_mre_accounts', 'OBJ_mre_race_state'];

async function failure(run: Promise<unknown>): Promise<ProvisionError> {
  const error = await run.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProvisionError);
  return error as ProvisionError;
}

describe('cloud provision', () => {
  it('cloud provision - makes the four streams, five KV buckets and the object store with the configured limits; a second run changes nothing', async () => {
    const config = ingestConfig(nats.url);
    const first = await provision(nc, config);
    expect(first.map((e) => [e.stream, e.action])).toEqual(NAMES.map((n) => [n, 'created']));
    const raw = (await jsm.streams.info(STREAMS.ingestRaw)).config;
    expect(raw).toMatchObject({ subjects: ['timing.ingest.raw.v1.*'], retention: 'limits', storage: 'file', discard: 'old', max_bytes: 64 * 1024 * 1024, max_age: 7 * 86_400 * 1e9, duplicate_window: 120 * 1e9, num_replicas: 1 });
    const snapshot = (await jsm.streams.info(STREAMS.raceSnapshot)).config;
    expect(snapshot).toMatchObject({ subjects: ['timing.race.snapshot.v1.*.*'], max_msgs_per_subject: 1, max_age: 86_400 * 1e9 });
    expect((await jsm.streams.info(STREAMS.dlq)).config).toMatchObject({ subjects: ['timing.dlq.v1.*'], max_age: 14 * 86_400 * 1e9 });
    expect((await jsm.streams.info('KV_mre_revoked_tokens')).config).toMatchObject({ subjects: ['$KV.mre_revoked_tokens.>'], max_msgs_per_subject: 1, max_bytes: 1024 * 1024 });
    expect((await jsm.streams.info('OBJ_mre_race_state')).config).toMatchObject({ subjects: ['$O.mre_race_state.C.>', '$O.mre_race_state.M.>'], discard: 'new', max_bytes: 8 * 1024 * 1024 });
    const created = (await jsm.streams.info(STREAMS.ingestRaw)).created;

    const second = await provision(nc, config);
    expect(second.map((e) => e.action)).toEqual(NAMES.map(() => 'unchanged'));
    expect((await jsm.streams.info(STREAMS.ingestRaw)).created).toBe(created);
  });

  it('cloud provision - a changed limit updates the existing stream; creation-only mode reports the difference and leaves it', async () => {
    const changed = ingestConfig(nats.url, { streams: { duplicate_window_ms: 30_000, ingest_raw: { max_bytes: 32 * 1024 * 1024, max_age_hours: 48 } } });
    const onlyCreate = await provision(nc, changed, { update: false });
    expect(onlyCreate.find((e) => e.stream === STREAMS.ingestRaw)).toEqual({ stream: STREAMS.ingestRaw, action: 'differs', changed: ['max_age', 'max_bytes', 'duplicate_window'] });
    expect((await jsm.streams.info(STREAMS.ingestRaw)).config.max_bytes).toBe(64 * 1024 * 1024);

    const report = await provision(nc, changed);
    expect(report.find((e) => e.stream === STREAMS.ingestRaw)).toEqual({ stream: STREAMS.ingestRaw, action: 'updated', changed: ['max_age', 'max_bytes', 'duplicate_window'] });
    expect(report.find((e) => e.stream === STREAMS.raceEvents)?.changed).toEqual(['duplicate_window']);
    expect((await jsm.streams.info(STREAMS.ingestRaw)).config).toMatchObject({ max_bytes: 32 * 1024 * 1024, max_age: 48 * 3600 * 1e9, duplicate_window: 30 * 1e9 });
    expect((await provision(nc, changed)).every((e) => e.action === 'unchanged')).toBe(true);
  });

  it('cloud provision - more replicas than the server has peers fails naming streams.replicas, and nothing is half-changed', async () => {
    const error = await failure(provision(nc, ingestConfig(nats.url, { streams: { replicas: 3 } })));
    expect(error.field).toBe('streams.replicas');
    expect(error.message).toMatch(/^streams\.replicas: 3 replicas asked, but the NATS server at 127\.0\.0\.1:\d+ is not part of a cluster; set it to 1, or run a cluster of at least 3 servers$/);
    expect((await jsm.streams.info(STREAMS.ingestRaw)).config.num_replicas).toBe(1);
  });

  it('cloud provision - a stream larger than the server can reserve fails naming its max_bytes field', async () => {
    const fresh = await startNatsServer();
    defer(() => fresh.stop());
    const conn = await connect({ servers: fresh.url });
    defer(() => conn.close());
    const error = await failure(provision(conn, ingestConfig(fresh.url, { streams: { race_events: { max_bytes: 1024 ** 5 } } })));
    expect(error.field).toBe('streams.race_events.max_bytes');
    expect(error.message).toMatch(/^streams\.race_events\.max_bytes: timing_race_events_v1 asks for 1125899906842624 bytes, more than the NATS server has left for JetStream/);
  });

  it('cloud provision - a server with JetStream off fails naming nats_url', async () => {
    const plain = await startNatsServer({ jetstream: false });
    defer(() => plain.stop());
    const conn = await connect({ servers: plain.url });
    defer(() => conn.close());
    const error = await failure(provision(conn, ingestConfig(plain.url)));
    expect(error.message).toMatch(/^nats_url: the NATS server at 127\.0\.0\.1:\d+ has JetStream off/);
  });

  it('cloud provision - a duplicate window longer than a stream keeps messages is refused by the config, naming the field', () => {
    expect(() => loadCloudConfig(undefined, { MRE_CLOUD_ROLES: 'ingest', MRE_STREAMS_DUPLICATE_WINDOW_MS: String(2 * 3_600_000), MRE_INGEST_TOKEN_SECRET: 'x'.repeat(32) }, {})).not.toThrow();
    expect(() => loadCloudConfig(undefined, { MRE_CLOUD_ROLES: 'ingest', MRE_STREAMS_DUPLICATE_WINDOW_MS: String(25 * 3_600_000) })).toThrow(
      /streams\.duplicate_window_ms: must not be longer than race_snapshot\.max_age_hours \(24 h\)/,
    );
  });
});
