/** @module A real three-node (or n-node) nats-server cluster on loopback: routes on free ports, JetStream on every node, nodes killed and restarted on demand. */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { waitFor } from './polling.ts';
import { freePort } from './ports.ts';
import { startNatsServer, type NatsServer } from './nats-server.ts';

export interface NatsCluster {
  nodes: NatsServer[];
  /** Every node's client URL, comma-separated: what NATS_URL takes for a cluster. */
  readonly urls: string;
  /** Resolves once JetStream answers through every node that is up (a meta leader is elected). */
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function jetStreamAnswers(url: string): Promise<boolean> {
  const nc = await connect({ servers: url, reconnect: false, timeout: 1_000 }).catch(() => undefined);
  if (!nc) return false;
  try {
    await (await jetstreamManager(nc, { timeout: 1_000 })).getAccountInfo();
    return true;
  } catch {
    return false;
  } finally {
    await nc.close();
  }
}

export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const clusterPorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = clusterPorts.map((p) => `nats://127.0.0.1:${p}`);
  const nodes: NatsServer[] = [];
  try {
    for (let i = 0; i < size; i++) {
      nodes.push(
        await startNatsServer({
          args: ['-n', `mre-node-${i}`, '--cluster_name', 'mre-test', '--cluster', routes[i]!, '--routes', routes.filter((_, j) => j !== i).join(',')],
        }),
      );
    }
  } catch (error) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw error;
  }
  const cluster: NatsCluster = {
    nodes,
    get urls() {
      return nodes.map((n) => n.url).join(',');
    },
    async ready(timeoutMs = 30_000) {
      for (const node of nodes) await waitFor(`JetStream through ${node.url}`, () => jetStreamAnswers(node.url).then((ok) => ok || undefined), timeoutMs);
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
  await cluster.ready();
  return cluster;
}
