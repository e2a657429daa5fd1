/** @module The address a request came from, as the box's socket saw it: forwarding headers are ignored, since nothing sits in front of the box to set them honestly. */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

/** `::ffff:192.168.1.5` (an IPv4 client on a dual-stack socket) is the same device as `192.168.1.5`. */
export function normalizeAddress(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}

export function clientAddress(c: Context): string {
  const remote = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket.remoteAddress;
  return remote ? normalizeAddress(remote) : 'unknown';
}
