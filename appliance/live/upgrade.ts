/**
 * @module Before the upgrade: the query is checked against the live contract and this box's track,
 * and a refusal is JSON `{error}` naming the problem, on a plain GET and on an upgrade request alike.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { LIVE_CHANNELS, parseLiveQuery, type LiveQuery } from '../../shared/contracts/live.ts';
import { ContractError } from '../../shared/contracts/tokens.ts';
import type { LiveScope } from './client.ts';

export type RefusalStatus = 400 | 421 | 426 | 503;

/** The query as a scope for this box, or the reason it is refused. */
export function checkLiveQuery(query: Record<string, string>, trackId: string): { query: LiveQuery; scope: LiveScope } | { error: string } {
  let parsed: LiveQuery;
  try {
    parsed = parseLiveQuery(query);
  } catch (err) {
    if (err instanceof ContractError) return { error: err.message };
    throw err;
  }
  if (parsed.track_id !== trackId) {
    return { error: `track_id ${JSON.stringify(parsed.track_id)} is not this box's track ${JSON.stringify(trackId)}` };
  }
  // Snapshots go out in the contract's channel order, once each, whatever order the query named them in.
  const [first, ...rest] = LIVE_CHANNELS.filter((channel) => parsed.channels.includes(channel));
  return { query: parsed, scope: { channels: [first!, ...rest], eventId: parsed.event_id ?? null } };
}

export function isUpgradeRequest(c: Context): boolean {
  return c.req.header('upgrade')?.toLowerCase() === 'websocket';
}

/**
 * Answers `{error}` with `status`. On an upgrade request @hono/node-server 2.1.8 would send only the
 * status and headers with `Content-Length: 0` (its `rejectUpgradeRequest`), losing the message, so the
 * whole response is written to the socket here; node-server then finds the socket destroyed and adds nothing.
 */
export async function refuse(c: Context, status: RefusalStatus, error: string): Promise<Response> {
  const socket = upgradeSocket(c);
  if (!socket) return c.json({ error }, status);
  await writeAndClose(socket, status, JSON.stringify({ error }));
  return new Response(null, { status });
}

function upgradeSocket(c: Context): Socket | undefined {
  if (!isUpgradeRequest(c)) return undefined;
  // node-server runs an upgrade request through fetch with `incoming` and without `outgoing`.
  const env = c.env as Partial<HttpBindings> | undefined;
  return env?.incoming && !env.outgoing ? (env.incoming.socket as Socket) : undefined;
}

function writeAndClose(socket: Socket, status: RefusalStatus, body: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.destroy();
      resolve();
    };
    if (socket.destroyed || !socket.writable) return done();
    socket.once('error', done);
    socket.once('close', done);
    const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, 'Connection: close', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`];
    // Destroyed once the response is handed to the kernel: the bytes still reach the client.
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, done);
  });
}
