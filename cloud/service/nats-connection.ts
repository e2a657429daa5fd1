/** @module The cloud's NATS connection: reconnecting for ever once up, and a one-line reason when it cannot be had at start. */
import { connect, type NatsConnection } from '@nats-io/transport-node';

/** NATS not reachable at start-up: the one-line reason the CLI prints. */
export class NatsUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`cannot connect to NATS at ${url}: ${cause instanceof Error ? cause.message : String(cause)} (set NATS_URL or nats_url)`);
    this.name = 'NatsUnavailableError';
  }
}

export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  if (url === 'embedded') throw new NatsUnavailableError(url, new Error('no NATS_URL given and no embedded server running for this data dir (`mre cloud start` runs one)'));
  try {
    // Reconnect for ever once up: the Debian nats unit may restart under a running service. A comma-separated list is a cluster.
    return await connect({ servers: url.split(',').map((s) => s.trim()).filter(Boolean), name, maxReconnectAttempts: -1, reconnectTimeWait: 1_000 });
  } catch (error) {
    throw new NatsUnavailableError(url, error);
  }
}

/** Drains (letting pending acks arrive), or closes outright when NATS is away and a drain would wait for it. */
export async function closeNats(nc: NatsConnection, timeoutMs = 2_000): Promise<void> {
  if (nc.isClosed()) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  const outcome = await Promise.race([nc.drain().then(() => 'drained' as const, () => 'failed' as const), late]).finally(() => clearTimeout(timer));
  if (outcome !== 'drained' && !nc.isClosed()) await nc.close();
}
