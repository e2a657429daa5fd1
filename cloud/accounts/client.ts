/** @module Where a portal request came from: the client's address (cloud/ingest's rule) and whether it arrived over https, directly or, with trust_proxy, as the proxy's last X-Forwarded-Proto says. */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { TLSSocket } from 'node:tls';
import { ingestClientAddress } from '../ingest/client-address.ts';

export const clientAddress = (c: Context, trustProxy: boolean) => ingestClientAddress(c, trustProxy);

export function cameOverHttps(c: Context, trustProxy: boolean): boolean {
  const socket = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket as Partial<TLSSocket> | undefined;
  if (socket?.encrypted) return true;
  if (!trustProxy) return false;
  return c.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim().toLowerCase() === 'https';
}
