/** @module The address an ingest request came from: the socket's peer, or behind a trusted reverse proxy the last X-Forwarded-For entry, which that proxy appended. */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

/** `::ffff:10.0.0.5` (IPv4 on a dual-stack socket) is the same box as `10.0.0.5`. */
const plain = (address: string) => address.trim().toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');

export function ingestClientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    // Earlier entries are whatever the client claimed; only the proxy's own is trustworthy.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1);
    if (forwarded?.trim()) return plain(forwarded).slice(0, 64);
  }
  const remote = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket.remoteAddress;
  return remote ? plain(remote) : 'unknown';
}
