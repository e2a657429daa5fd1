/**
 * @module The live gateway on a three-node cluster with R3 streams: the node holding a track's
 * consumer is killed with -9 while events flow. The track's clients stay connected and see every
 * event after their snapshot, in order, none missing and none twice, from a consumer on a node
 * still up.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { expect, it } from 'vitest';
import { provision } from '../../../cloud/ingest/provision.ts';
import { startCloud } from '../../../cloud/service/cloud-service.ts';
import { cloudConfigSchema, type CloudConfig } from '../../../cloud/service/config.ts';
import { STREAMS } from '../../../shared/contracts/subjects.ts';
import type { DerivedEvent } from '../../../shared/race/index.ts';
import { startNatsCluster, useCleanups, waitFor } from '../../harness/index.ts';
import { clubDayOn, TrackStream } from '../../support/race-stream.ts';
import { SMALL_STREAMS, TEST_SECRET } from '../ingest/support.ts';
import { LiveTestClient } from './support.ts';

const defer = useCleanups();

it('live gateway on a cluster - the node holding a track\'s consumer is killed with -9: its clients stay connected and see every later event once, in order', async () => {
  const cluster = await startNatsCluster(3);
  defer(() => cluster.stop());
  const config = cloudConfigSchema.parse({ roles: ['gateway'], nats_url: cluster.urls, http: { host: '127.0.0.1', port: 0 }, streams: { ...SMALL_STREAMS, replicas: 3 }, ingest: { token_secret: TEST_SECRET } }) as CloudConfig;
  const nc = await connect({ servers: cluster.urls.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  defer(() => nc.close());
  await provision(nc, config);
  const cloud = await startCloud(config, { name: 'gateway-node-loss' });
  defer(() => cloud.stop());
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);

  const track = new TrackStream(js, 'alpha', clubDayOn('alpha', 5, 3));
  await track.publishBatch(30);
  const client = await LiveTestClient.connect(`${cloud.url.replace(/^http/, 'ws')}/ws/v1/live?track_id=alpha&channels=race`);
  defer(() => client.close());
  const seen = track.published.length;
  await track.publishBatch(10);
  await waitFor('the events before the kill', () => client.events().length === track.published.length - seen || undefined);

  const [consumer] = await (await jsm.consumers.list(STREAMS.raceEvents)).next();
  const holder = consumer!.cluster!.leader!;
  await cluster.nodes[Number(/mre-node-(\d+)/.exec(holder)![1])]!.kill('SIGKILL');
  // Writable again once the cluster has elected whatever the dead node led.
  const writable = (subject: string) => js.publish(subject, '{}', { timeout: 2_000 }).then(() => true).catch(() => false);
  await waitFor('the events and snapshot streams writable with the node down', async () => ((await writable('timing.race.events.v1.probe')) && (await writable('timing.race.snapshot.v1.probe.probe'))) || undefined, 60_000);
  await track.publishAll(10);

  const wanted = track.published.slice(seen).map((p) => p.event.id);
  await waitFor('every event after the kill', () => client.events().length >= wanted.length || undefined, 60_000);
  expect(client.events().map((m) => (m.payload as unknown as DerivedEvent).id)).toEqual(wanted);
  expect(client.problems).toEqual([]);
  expect(client.closeCode).toBeNull();
}, 180_000);
