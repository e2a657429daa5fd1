/** @module TCP transport: the decoder is the server on port 5403 (p3-protocol.md §2); connect, keep alive, report one close. */
import net from 'node:net';
import type { Transport, TransportHandlers } from './transport.ts';

export interface TcpTarget {
  host: string;
  port: number;
  connectTimeoutMs: number;
}

/** Probe interval for TCP keep-alive: a pulled network cable is noticed even when the idle timer is long. */
const KEEPALIVE_MS = 5000;

export function openTcp({ host, port, connectTimeoutMs }: TcpTarget, handlers: TransportHandlers): Transport {
  const socket = net.connect({ host, port });
  let connected = false;
  let reason: string | undefined;
  // Passings are small and time-critical; Nagle would hold our requests back behind nothing.
  socket.setNoDelay(true);
  socket.setKeepAlive(true, KEEPALIVE_MS);
  const connectTimer = setTimeout(() => {
    reason = `connect timeout after ${connectTimeoutMs} ms to ${host}:${port}`;
    socket.destroy();
  }, connectTimeoutMs);

  socket.once('connect', () => {
    clearTimeout(connectTimer);
    connected = true;
    handlers.open();
  });
  socket.on('data', (chunk: Buffer) => handlers.data(chunk));
  // 'error' is always followed by 'close'; keep the first, most specific reason (e.g. "connect ECONNREFUSED 127.0.0.1:5403").
  socket.on('error', (err: Error) => {
    reason ??= err.message;
  });
  socket.on('end', () => {
    reason ??= 'decoder closed the connection';
  });
  const closed = new Promise<void>((resolve) => {
    socket.once('close', () => {
      clearTimeout(connectTimer);
      connected = false;
      handlers.close(reason ?? 'connection closed');
      resolve();
    });
  });

  return {
    write(bytes) {
      if (!connected || socket.destroyed || !socket.writable) return false;
      socket.write(bytes);
      return true;
    },
    pause() {
      socket.pause();
    },
    resume() {
      socket.resume();
    },
    close() {
      reason ??= 'closed by the link';
      socket.destroy();
      return closed;
    },
  };
}
