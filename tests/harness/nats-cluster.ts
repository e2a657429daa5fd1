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
  /** Resolves once JetStream answers through every node and the meta leader counts every other node as a current peer. */
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

interface MetaCluster {
  leader?: string;
  replicas?: { name: string; current: boolean }[];
}

/** An answering meta leader alone is not enough: until it holds every peer as current, an R3 stream is refused "no suitable peers for placement". */
async function metaLeaderHoldsAll(monitorPorts: number[]): Promise<boolean> {
  for (const port of monitorPorts) {
    const meta = await fetch(`http://127.0.0.1:${port}/jsz`)
      .then((r) => r.json() as Promise<{ meta_cluster?: MetaCluster }>)
      .then((j) => j.meta_cluster)
      .catch(() => undefined);
    const replicas = meta?.replicas;
    if (replicas && replicas.length === monitorPorts.length - 1 && replicas.every((r) => r.current)) return true;
  }
  return false;
}

export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const clusterPorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = clusterPorts.map((p) => `nats://127.0.0.1:${p}`);
  const monitorPorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const nodes: NatsServer[] = [];
  try {
    for (let i = 0; i < size; i++) {
      nodes.push(
        await startNatsServer({
          args: ['-m', String(monitorPorts[i]), '-n', `mre-node-${i}`, '--cluster_name', 'mre-test', '--cluster', routes[i]!, '--routes', routes.filter((_, j) => j !== i).join(',')],
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
      await waitFor('a meta leader with every node current', () => metaLeaderHoldsAll(monitorPorts).then((ok) => ok || undefined), timeoutMs);
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
  await cluster.ready();
  return cluster;
}
