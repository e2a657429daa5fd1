/** @module Live hub test support: a hub (the box's, or any) on a real Hono + node-server on a loopback port, and `ws` clients that check every message against the contract. */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import WebSocket from 'ws';
import { openBoxLiveHub, type BoxLiveOptions } from '../../../appliance/service/live-hub.ts';
import { mountLive, type LiveHub, type LiveTrack } from '../../../shared/live/index.ts';
import { parseLiveMessage, type LiveChannel, type LiveMessage } from '../../../shared/contracts/live.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { waitFor } from '../../harness/index.ts';

export { waitFor };

export const TRACK = 'track-1';

export interface HubServer {
  hub: LiveHub;
  port: number;
  url(query: string): string;
  /** TCP connections the server still holds, upgraded ones included. */
  connections(): Promise<number>;
  stop(): Promise<void>;
}

/** The box's hub serving TRACK, and that track to publish to. */
export interface LiveServer extends HubServer {
  track: LiveTrack;
}

/** Every snapshot says which channel and event it was built for, so tests can tell them apart. */
export function snapshotOf(channel: LiveChannel, eventId: string | null): Record<string, unknown> {
  return { built_for: channel, event_id: eventId };
}

export async function startLiveServer(options: Partial<BoxLiveOptions> = {}): Promise<LiveServer> {
  const { hub, track } = openBoxLiveHub({ trackId: TRACK, snapshot: snapshotOf, ...options });
  return { ...(await startHubServer(hub)), track };
}

/** Any hub, on its own loopback server; stop() closes the hub, then the server. */
export async function startHubServer(hub: LiveHub): Promise<HubServer> {
  const app = new Hono();
  mountLive(app, hub);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, websocket: { server: hub.wss } }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    hub,
    port,
    url: (query) => `ws://127.0.0.1:${port}/ws/v1/live?${query}`,
    connections: () => new Promise((resolve, reject) => server.getConnections((err, count) => (err ? reject(err) : resolve(count)))),
    async stop() {
      await hub.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A message as kept by the test: big `blob` payload fields are replaced by their length so 40 MB of them cost nothing. */
export type Seen = LiveMessage & { payload: Record<string, unknown> };

export class LiveTestClient {
  readonly messages: Seen[] = [];
  readonly problems: string[] = [];
  closeCode: number | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      try {
        const message = parseLiveMessage(JSON.parse(data.toString('utf8'))) as Seen;
        const blob = message.payload.blob;
        if (typeof blob === 'string') message.payload = { ...message.payload, blob: blob.length };
        this.messages.push(message);
      } catch (err) {
        this.problems.push(String(err));
      }
    });
    ws.on('close', (code) => {
      this.closeCode = code;
    });
    ws.on('error', (err) => this.problems.push(`socket error: ${err.message}`));
  }

  static connect(url: string): Promise<LiveTestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new LiveTestClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  events(): Seen[] {
    return this.messages.filter((m) => m.kind === 'event');
  }

  /** Seqs must run 0, 1, 2, … with no gap on every connection. */
  seqs(): number[] {
    return this.messages.map((m) => m.seq);
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.terminate();
    });
  }
}

/** What the server answers an upgrade request it refuses: status and JSON body. */
export function refusedUpgrade(url: string): Promise<{ status: number; body: { error?: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.terminate();
      reject(new Error(`${url} was upgraded, expected a refusal`));
    });
    ws.once('unexpected-response', (req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        req.destroy();
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { error?: string } });
        } catch {
          reject(new Error(`HTTP ${res.statusCode} with a body that is not JSON: ${JSON.stringify(text)}`));
        }
      });
    });
    ws.once('error', (err) => reject(err));
  });
}

/** Collects log lines until `defer` restores the previous logging. */
export function captureLog(defer: (fn: () => unknown) => void): string[] {
  const lines: string[] = [];
  const restore = configureLogging({ write: (line) => lines.push(line) });
  defer(() => void configureLogging(restore));
  return lines;
}

export const contiguous = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
