/**
 * @module HTTP refusals that say why, for @hono/node-server: JSON `{error}` naming the problem, on a
 * plain GET and on a WebSocket upgrade request alike (the live route's query check, the box's Host check).
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

export type RefusalStatus = 400 | 401 | 403 | 421 | 426 | 429 | 503;

export function isUpgradeRequest(c: Context): boolean {
  return c.req.header('upgrade')?.toLowerCase() === 'websocket';
}

/**
 * Answers `{error}` with `status`. On an upgrade request @hono/node-server 2.1.8 would send only the
 * status and headers with `Content-Length: 0` (its `rejectUpgradeRequest`), losing the message, so the
 * whole response is written to the socket here; node-server then finds the socket destroyed and adds nothing.
 */
export async function refuse(c: Context, status: RefusalStatus, error: string, headers: Record<string, string> = {}): Promise<Response> {
  const socket = upgradeSocket(c);
  if (!socket) return c.json({ error }, status, headers);
  await writeAndClose(socket, status, JSON.stringify({ error }), headers);
  return new Response(null, { status });
}

function upgradeSocket(c: Context): Socket | undefined {
  if (!isUpgradeRequest(c)) return undefined;
  // node-server runs an upgrade request through fetch with `incoming` and without `outgoing`.
  const env = c.env as Partial<HttpBindings> | undefined;
  return env?.incoming && !env.outgoing ? (env.incoming.socket as Socket) : undefined;
}

function writeAndClose(socket: Socket, status: RefusalStatus, body: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.destroy();
      resolve();
    };
    if (socket.destroyed || !socket.writable) return done();
    socket.once('error', done);
    socket.once('close', done);
    const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, 'Connection: close', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
    // Destroyed once the response is handed to the kernel: the bytes still reach the client.
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, done);
  });
}
