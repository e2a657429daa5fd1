/** @module Test fixture for driver matching: one nats-server per suite, empty buckets and a ticking clock per test, and whole-bucket snapshots. */
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  createDriverMatching,
  EVENT_LINKS_BUCKET,
  USER_LINKS_BUCKET,
  USERS_BUCKET,
  type DriverMatching,
  type MatchDriver,
} from '../../../../cloud/liverc/matching/index.ts';
import { startNatsServer, type NatsServer } from '../../../harness/index.ts';

const BUCKETS = [USERS_BUCKET, EVENT_LINKS_BUCKET, USER_LINKS_BUCKET];

/** Every key of the three buckets with its value and revision: equal snapshots mean nothing was written. */
export type Snapshot = Record<string, { value: unknown; revision: number }>;

export interface MatchingFixture {
  readonly matching: DriverMatching;
  readonly nc: NatsConnection;
  /** Advances one minute per call, so a timestamp rewritten on a re-run would show. */
  readonly clock: { calls: number };
  snapshot(): Promise<Snapshot>;
}

/** Call at the top of a test file: starts the suite's server, and gives every test fresh buckets. */
export function useMatchingFixture(): MatchingFixture {
  let server: NatsServer | undefined;
  let nc: NatsConnection | undefined;
  let jsm: JetStreamManager | undefined;
  let matching: DriverMatching | undefined;
  const clock = { calls: 0 };

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url, reconnect: false });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  beforeEach(async () => {
    const streams: string[] = [];
    for await (const name of jsm!.streams.names()) streams.push(name);
    for (const bucket of BUCKETS) if (streams.includes(`KV_${bucket}`)) await jsm!.streams.delete(`KV_${bucket}`);
    clock.calls = 0;
    const start = Date.parse('2026-03-01T09:00:00Z');
    matching = await createDriverMatching(jetstream(nc!), {
      maxBytes: { users: 256 * 1024, eventLinks: 1024 * 1024, userLinks: 1024 * 1024 },
      now: () => new Date(start + 60_000 * clock.calls++),
    });
  });

  return {
    get matching() {
      if (!matching) throw new Error('driver matching is created in beforeEach');
      return matching;
    },
    get nc() {
      if (!nc) throw new Error('the suite connects in beforeAll');
      return nc;
    },
    clock,
    async snapshot() {
      const kvm = new Kvm(jetstream(nc!));
      const out: Snapshot = {};
      for (const bucket of BUCKETS) {
        const kv = await kvm.open(bucket);
        for await (const key of await kv.keys()) {
          const entry = await kv.get(key);
          if (entry) out[`${bucket}/${key}`] = { value: entry.json(), revision: entry.revision };
        }
      }
      return out;
    },
  };
}

/** A driver row as the LiveRC import hands it over. */
export function driver(driver_key: string, display_name: string, transponder: string | null = null): MatchDriver {
  const id = /^d(\d+)$/.exec(driver_key)?.[1] ?? null;
  return { driver_key, source_driver_id: id, display_name, transponder };
}
