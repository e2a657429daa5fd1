/**
 * @module The sync as the appliance runs it: settled before the log opens (the token file read,
 * a plain-http URL warned about), started once the log is open, reported in `/api/status` as
 * `sync` whether it runs or not.
 */
import type { SyncStatus } from '../../shared/contracts/status.ts';
import { createLogger, type Logger } from '../../shared/log/index.ts';
import type { EnvelopeLog } from '../log/index.ts';
import { sendsTokenInClear } from './cloud-url.ts';
import type { SyncConfig } from './config.ts';
import { SyncLoop, type SyncLoopOptions } from './sync-loop.ts';
import { resolveSyncToken } from './token.ts';

export interface BoxSync {
  status(): SyncStatus;
  stop(): Promise<void>;
}

/** What the loop needs besides the log, or null when the sync is off. */
export type SyncPlan = Omit<SyncLoopOptions, 'log'> | null;

/** Reads the token (throws a ConfigError naming the field) before anything is opened. */
export function planSync(config: SyncConfig, logger: Logger = createLogger('appliance:sync')): SyncPlan {
  if (!config.enabled || config.url === undefined) return null;
  const token = resolveSyncToken(config);
  if (sendsTokenInClear(config.url)) {
    // Allowed, for a cloud on the club's own network; the operator should know what it costs.
    logger.warn('sync.url is plain http to another machine: the box token crosses the network unencrypted; use https', { url: config.url });
  }
  return { url: config.url, token, batchSize: config.batch_size, timeoutMs: config.timeout_ms, logger };
}

export function startSync(plan: SyncPlan, log: EnvelopeLog): BoxSync {
  if (!plan) return { status: () => offStatus(log), stop: async () => undefined };
  const loop = new SyncLoop({ ...plan, log });
  loop.start();
  return loop;
}

function offStatus(log: EnvelopeLog): SyncStatus {
  const { last_lsn, sync_cursor } = log.stats();
  return {
    state: 'off', url: null, cursor_lsn: sync_cursor, lag_envelopes: last_lsn - sync_cursor, lag_seconds: null,
    last_error: null, last_error_at_us: null, last_success_at_us: null, drained_this_boot: 0, requests_this_boot: 0, next_attempt_at_us: null, ms_between_batches: null,
  };
}
