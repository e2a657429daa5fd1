/** @module The decoder's TCP side: at most 4 clients (p3-protocol.md §2), the same stream to each, a hello on connect, requests answered. */
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { P3Decoder } from '../../shared/p3/index.ts';
import type { Logger } from '../../shared/log/index.ts';
import type { Link, LinkHandlers } from './types.ts';

/** "The decoder serves maximum 4 connections" (datagutten README, erathe test server). */
export const MAX_CLIENTS = 4;
/** A client this far behind is not reading; a real decoder's small buffer would have given up too. */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
/** How long a stopping decoder waits for its hosts to read what it sent and hang up. */
const CLOSE_GRACE_MS = 2000;

export interface TcpLink extends Link {
  readonly port: number;
  clients(): number;
  dropClients(): void;
}

export async function startTcpServer(host: string, port: number, handlers: LinkHandlers, log: Logger): Promise<TcpLink> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    if (sockets.size >= MAX_CLIENTS) {
      log.warn('client refused, decoder serves at most 4', { peer, clients: sockets.size });
      socket.destroy();
      return;
    }
    sockets.add(socket);
    log.info('client connected', { peer, clients: sockets.size });
    handlers.clients?.(sockets.size);
    socket.setNoDelay(true);
    const decoder = new P3Decoder({
      onRecord: ({ record }) => {
        for (const frame of handlers.answer(record, peer)) if (socket.writable) socket.write(frame);
      },
    });
    socket.on('data', (chunk) => decoder.push(chunk));
    // Resets from vanished clients are normal on a track LAN; close follows and logs it.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      log.info('client disconnected', { peer, clients: sockets.size });
      handlers.clients?.(sockets.size);
    });
    const hello = handlers.hello();
    if (hello) socket.write(hello);
  });
  server.maxConnections = 64;
  server.listen(port, host);
  await once(server, 'listening');
  server.on('error', (error) => log.error('server error', { error }));
  const bound = (server.address() as AddressInfo).port;
  log.info('listening', { host, port: bound });

  return {
    port: bound,
    clients: () => sockets.size,
    dropClients() {
      for (const socket of sockets) socket.destroy();
    },
    send(bytes) {
      for (const socket of sockets) {
        if (!socket.writable) continue;
        if (socket.writableLength > MAX_BACKLOG_BYTES) {
          log.warn('client dropped, not reading', { peer: `${socket.remoteAddress}:${socket.remotePort}`, backlog_bytes: socket.writableLength });
          socket.destroy();
          continue;
        }
        socket.write(bytes);
      }
    },
    async ready() {
      const waiting = [...sockets].filter((s) => s.writableNeedDrain && !s.destroyed);
      await Promise.all(
        waiting.map((s) => new Promise<void>((resolve) => {
          const done = () => {
            s.off('drain', done).off('close', done);
            resolve();
          };
          s.on('drain', done).on('close', done);
        })),
      );
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Ended, not destroyed: what was sent still reaches a host that reads on, so a decoder
      // that stops loses no passing it sent. A host that does not close in time is cut off.
      const ended = [...sockets].map((socket) => new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          socket.destroy();
          done();
        }, CLOSE_GRACE_MS);
        socket.once('close', done);
        socket.end();
      }));
      await Promise.all([closed, ...ended]);
    },
  };
}
