/** @module The cloud's address as the sync loop uses it: the batch endpoint under the base URL, and whether the token would cross the network unencrypted. */
import { isIP } from 'node:net';
import { INGEST_BATCH_PATH } from '../../shared/contracts/ingest.ts';

export interface IngestTarget {
  /** scheme://host:port, what the connection pool is for. */
  origin: string;
  /** The batch endpoint's path, under any path the base URL carries (a reverse proxy's prefix). */
  path: string;
}

export function ingestTarget(baseUrl: string): IngestTarget {
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, path: `${prefix}${INGEST_BATCH_PATH}` };
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** An http:// URL to anything but this machine: the bearer token would be readable on the wire. */
export function sendsTokenInClear(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return url.protocol === 'http:' && !isLoopback(url.hostname);
}
