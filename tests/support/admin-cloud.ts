/** @module A test cloud running the liverc and ingest roles in one process, as the admin console needs them: box tokens issued in the console are checked by the same cloud's ingest, on streams small enough for a test server's disk. */
import { afterAll, beforeAll } from 'vitest';
import type { UserStore } from '../../cloud/accounts/user-store.ts';
import type { CloudConfig } from '../../cloud/service/config.ts';
import { startCloud, type CloudService } from '../../cloud/service/cloud-service.ts';
import { SMALL_STREAMS, TEST_SECRET } from '../cloud/ingest/support.ts';
import { cloudConfig, startServers, type Servers } from './liverc-pages/cloud-stack.ts';
import { overHttp, signInAs, type Login } from './portal-login.ts';

function smallStreams(streams: CloudConfig['streams']): CloudConfig['streams'] {
  const merged: Record<string, unknown> = { ...streams, buckets: { ...streams.buckets } };
  const buckets = merged.buckets as Record<string, object>;
  for (const [name, value] of Object.entries(SMALL_STREAMS)) {
    if (name !== 'buckets') merged[name] = { ...(streams as unknown as Record<string, object>)[name], ...value };
  }
  for (const [name, value] of Object.entries(SMALL_STREAMS.buckets)) buckets[name] = { ...buckets[name], ...value };
  return merged as CloudConfig['streams'];
}

/** Without a worker by default: imports then stay queued and cost the fake LiveRC nothing. `roles` adds others (the projection, say), `env` more settings. */
export async function startAdminCloud(servers: Servers, options: { worker?: boolean; roles?: string; env?: Record<string, string> } = {}): Promise<CloudService> {
  const config = cloudConfig(servers.nats, servers.fake, { MRE_CLOUD_ROLES: options.roles ?? 'liverc,ingest', MRE_INGEST_TOKEN_SECRET: TEST_SECRET, ...options.env });
  return startCloud({ ...config, streams: smallStreams(config.streams) }, { name: 'mre-admin-cloud', worker: options.worker ?? false });
}

export interface AdminSuite {
  servers: Servers;
  cloud: CloudService;
  store: UserStore;
  url: string;
  admin: Login;
  member: Login;
}

/** Starts the servers and the cloud before the suite with one admin and one member signed in, and stops them after it. */
export function useAdminCloud(): AdminSuite {
  const suite = {} as AdminSuite;
  beforeAll(async () => {
    suite.servers = await startServers();
    suite.cloud = await startAdminCloud(suite.servers);
    suite.url = suite.cloud.url;
    suite.store = suite.cloud.liverc!.accounts.store;
    suite.admin = await signInAs(suite.store, overHttp(suite.url), 'admin');
    suite.member = await signInAs(suite.store, overHttp(suite.url), 'member');
  }, 60_000);
  afterAll(async () => {
    await suite.cloud?.stop(0);
    await suite.servers?.stop();
  });
  return suite;
}
