/** @module Self-test of the cluster harness: three real nats-servers routed on loopback hold an R3 stream through a node killed with -9 and brought back. */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { expect, test } from 'vitest';
import { startNatsCluster } from './nats-cluster.ts';
import { useCleanups, waitFor } from './index.ts';

const defer = useCleanups();

test('harness - a three-node cluster keeps an R3 stream writable through a node killed with -9, and the node catches up when back', async () => {
  const cluster = await startNatsCluster(3);
  defer(() => cluster.stop());
  expect(cluster.urls.split(',')).toHaveLength(3);
  const nc = await connect({ servers: cluster.urls.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 200 });
  defer(() => nc.close());
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.add({ name: 'CLUSTERED', subjects: ['clustered.>'], num_replicas: 3 });
  expect(info.config.num_replicas).toBe(3);
  const js = jetstream(nc);
  for (let i = 0; i < 10; i++) await js.publish('clustered.one', `m${i}`, { msgID: `m${i}` });

  await cluster.nodes[1]!.kill('SIGKILL');
  // Writes go on with two of three nodes, once a leader is (re)elected.
  await waitFor('a write with one node down', async () => (await js.publish('clustered.one', 'after', { msgID: 'after' }).then(() => true).catch(() => false)) || undefined, 30_000);
  await cluster.nodes[1]!.restart();
  await cluster.ready();
  const replicas = async () => (await jsm.streams.info('CLUSTERED')).cluster?.replicas ?? [];
  await waitFor('all replicas current', async () => {
    const r = await replicas();
    return (r.length === 2 && r.every((x) => x.current)) || undefined;
  }, 30_000);
  expect((await jsm.streams.info('CLUSTERED')).state.messages).toBe(11);
}, 120_000);
