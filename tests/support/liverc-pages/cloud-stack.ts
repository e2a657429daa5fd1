/** @module The cloud as the LiveRC suites run it: a real nats-server and the fake LiveRC on loopback, `startCloud` pointed at both, and the env that aims `mre` at them too. */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { loadCloudConfig, type CloudConfig } from '../../../cloud/service/config.ts';
import { startCloud, type CloudService } from '../../../cloud/service/cloud-service.ts';
import { startNatsServer, type NatsServer } from '../../harness/index.ts';
import { startFakeLiveRc, type FakeLiveRc } from '../fake-liverc/index.ts';
import { TEST_SESSION_SECRET } from '../portal-login.ts';

export const TEST_CONTACT = 'mre-tests@example.org';

/** The politeness floor the config allows: suites assert spacing at exactly this. */
export const TEST_SPACING_MS = 500;

/** MRE_* variables aiming the cloud config at this NATS and fake LiveRC. */
export function cloudEnv(nats: NatsServer, fake: FakeLiveRc, extra: Record<string, string> = {}): Record<string, string> {
  return {
    // The LiveRC suites run the connector alone; the ingest role has its own suites (tests/cloud/ingest).
    MRE_CLOUD_ROLES: 'liverc',
    MRE_NATS_URL: nats.url,
    MRE_HTTP_PORT: '0',
    MRE_LIVERC_CONTACT: TEST_CONTACT,
    MRE_LIVERC_MIN_INTERVAL_MS: String(TEST_SPACING_MS),
    MRE_LIVERC_BACKOFF_MS: '100',
    MRE_LIVERC_TIMEOUT_MS: '2000',
    MRE_LIVERC_CATALOGUE_HOST: fake.hosts.catalogue,
    MRE_LIVERC_TRACK_HOST: fake.hosts.track,
    // A lock left by a dead worker on another connection must not hold the rerun for the production minute.
    MRE_STORE_LOCK_TTL_MS: '2000',
    MRE_STORE_MAX_BYTES: String(64 * 1024 * 1024),
    MRE_JOBS_ACK_WAIT_MS: '3000',
    // The API sits behind portal sessions, signed with this.
    MRE_ACCOUNTS_SESSION_SECRET: TEST_SESSION_SECRET,
    ...extra,
  };
}

export function cloudConfig(nats: NatsServer, fake: FakeLiveRc, extra: Record<string, string> = {}): CloudConfig {
  return loadCloudConfig(undefined, cloudEnv(nats, fake, extra));
}

export interface Servers {
  nats: NatsServer;
  fake: FakeLiveRc;
  stop(): Promise<void>;
}

export async function startServers(): Promise<Servers> {
  const nats = await startNatsServer();
  const fake = await startFakeLiveRc();
  return {
    nats,
    fake,
    async stop() {
      await fake.stop();
      await nats.stop();
    },
  };
}

export async function startTestCloud(servers: Servers, extra: Record<string, string> = {}, options: { worker?: boolean } = {}): Promise<CloudService> {
  return startCloud(cloudConfig(servers.nats, servers.fake, extra), { name: 'mre-test-cloud', ...options });
}

/** Every KV bucket's live keys with revision and value (job state left out: a new job is new state by design). */
export async function kvSnapshot(nc: NatsConnection, skip: readonly string[] = ['liverc_job_state']): Promise<Record<string, Record<string, string>>> {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const out: Record<string, Record<string, string>> = {};
  for await (const info of jsm.streams.list()) {
    const name = info.config.name;
    if (!name.startsWith('KV_')) continue;
    const bucket = name.slice(3);
    if (skip.includes(bucket)) continue;
    const kv = await new Kvm(js).open(bucket);
    const values: Record<string, string> = {};
    for await (const key of await kv.keys()) {
      const entry = await kv.get(key);
      if (entry && entry.operation === 'PUT') values[key] = `${entry.revision}:${entry.string()}`;
    }
    out[bucket] = values;
  }
  return out;
}
