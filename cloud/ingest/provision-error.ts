/** @module Why provisioning failed, worded by the config field to change: JetStream off, more replicas than servers, more bytes than disk, a window longer than an age. */
import { JetStreamApiError } from '@nats-io/jetstream';
import type { StreamSpec } from './stream-specs.ts';

/** A config the server cannot honour, or a server that cannot be provisioned; `field` is the config path to change. */
export class ProvisionError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'ProvisionError';
  }
}

/** JetStream's own error codes (nats-server 2.9 `server/errors.json`). */
const CODES = {
  replicasNotSupported: 10074,
  insufficientResources: 10023,
  noSuitablePeers: 10005,
  storageExceeded: 10047,
} as const;

export function jetStreamOff(url: string, cause: unknown): ProvisionError {
  const said = cause instanceof Error ? cause.message : String(cause);
  return new ProvisionError(`the NATS server at ${url} has JetStream off (${said}): start it with -js and a store directory, or point nats_url at one that has it`, 'nats_url');
}

/**
 * A standalone 2.9 server refuses replicas > 1 on create but takes them silently on update,
 * replicating nothing; so the count is checked against the server before anything is sent.
 */
export function notClustered(url: string, replicas: number): ProvisionError {
  return new ProvisionError(`${replicas} replicas asked, but the NATS server at ${url} is not part of a cluster; set it to 1, or run a cluster of at least ${replicas} servers`, 'streams.replicas');
}

/** Turns the server's refusal of a stream into the config field to change. */
export function provisionFailure(spec: StreamSpec, verb: 'create' | 'update', error: unknown): Error {
  if (!(error instanceof JetStreamApiError)) return error instanceof Error ? error : new Error(String(error));
  const said = error.message;
  const { settings, fields } = spec;
  const replicas = settings.num_replicas;
  if (error.code === CODES.replicasNotSupported || /non-clustered mode/.test(said)) {
    return new ProvisionError(`${replicas} replicas asked for ${spec.stream}, but the NATS server is not clustered (it said: ${said}); set it to 1, or run a cluster of at least ${replicas} servers`, fields.num_replicas);
  }
  if (error.code === CODES.insufficientResources || error.code === CODES.noSuitablePeers || /no suitable peers|insufficient resources/.test(said)) {
    return new ProvisionError(`${replicas} replicas asked for ${spec.stream}, more than the cluster has servers to place them on (it said: ${said}); lower it to the cluster size or add servers`, fields.num_replicas);
  }
  if (error.code === CODES.storageExceeded || /storage resources/.test(said)) {
    return new ProvisionError(`${spec.stream} asks for ${settings.max_bytes} bytes, more than the NATS server has left for JetStream (it said: ${said}); lower it or give the server more disk (jetstream max_file_store)`, fields.max_bytes);
  }
  if (/duplicates window/.test(said)) {
    return new ProvisionError(`${spec.stream} refused the duplicate window (it said: ${said})`, fields.duplicate_window);
  }
  return new ProvisionError(`cannot ${verb} ${spec.stream}: ${said}`);
}
