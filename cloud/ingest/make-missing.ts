/**
 * @module What every cloud role does at start: make the streams and buckets that are missing, so a
 * first start works on an empty NATS, and leave existing ones alone (nodes started with different
 * configs would otherwise undo each other's settings), warning where they differ from this config.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../shared/log/index.ts';
import type { StreamsConfig } from './config.ts';
import { provision } from './provision.ts';

export async function makeMissingStreams(nc: NatsConnection, config: { streams: StreamsConfig }, log: Logger): Promise<void> {
  const report = await provision(nc, config, { update: false });
  const created = report.filter((e) => e.action === 'created').map((e) => e.stream);
  if (created.length) log.info('created missing streams and buckets', { streams: created.join(',') });
  for (const entry of report.filter((e) => e.action === 'differs')) {
    log.warn('stream differs from the config; `mre cloud provision` applies it', { stream: entry.stream, settings: entry.changed.join(',') });
  }
}
