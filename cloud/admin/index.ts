/** @module The admin console's server side as the liverc role runs it: the box-token book (when this process can sign box tokens), the job list, driver links and the `/api/admin` routes. */
import type { NatsConnection } from '@nats-io/transport-node';
import type { Hono } from 'hono';
import type { Accounts } from '../accounts/index.ts';
import type { IngestConfig } from '../ingest/config.ts';
import type { JobQueue } from '../liverc/jobs/job-queue.ts';
import { resolveTokenSecret, withGeneratedSecret } from '../ingest/token-secret.ts';
import { adminRoutes } from './admin-routes.ts';
import { BoxTokenBook } from './box-token-book.ts';
import type { DriverLinkDeps } from './driver-link-routes.ts';

export { ADMIN_API_PREFIX, MAX_ADMIN_BODY } from './admin-routes.ts';

/** The box-token secret as `mre cloud token issue` finds it; null when this process has none. */
export function boxTokenSecret(config: { ingest: IngestConfig; data_dir: string }): Buffer | null {
  try {
    return resolveTokenSecret(withGeneratedSecret(config.ingest, config.data_dir, false).ingest);
  } catch {
    return null;
  }
}

export async function openAdmin(nc: NatsConnection, accounts: Accounts, queue: JobQueue, config: { ingest: IngestConfig; data_dir: string }, driverLinks?: DriverLinkDeps): Promise<Hono> {
  const secret = boxTokenSecret(config);
  const boxTokens = secret ? await BoxTokenBook.open(nc, secret) : null;
  return adminRoutes({ door: accounts.door, store: accounts.store, boxTokens, queue, driverLinks });
}
