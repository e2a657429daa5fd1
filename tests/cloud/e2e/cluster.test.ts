/**
 * @module The cloud on a three-node NATS cluster with three replicas of every stream and bucket:
 * two boxes race into two cloud processes (ingest and gateway in one, race and projection in the
 * other, both given the cluster's URL list); the node leading the raw stream is killed with -9
 * mid-ingest and brought back. Nothing is lost or doubled, ingest answers throughout (503 only
 * while the cluster elects), and the race workers, the projection and the gateway carry on.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { expect, it } from 'vitest';
import { BUCKETS } from '../../../cloud/ingest/stream-specs.ts';
import { modelKeys } from '../../../cloud/projection/keys.ts';
import { STREAMS, subjects } from '../../../shared/contracts/subjects.ts';
import { makeTempDir, removeTempDir, startNatsCluster, useCleanups, waitFor } from '../../harness/index.ts';
import { boxDerivedEvents, boxLogEnvelopes, boxToken, cloudRaceEvents, startBoxProcess, startCloudProcess } from '../../support/cloud-e2e.ts';
import { drainAndStop, listenLive, PROBE_TIMEOUT_MS, probeIngest, provisionedStreams, provisionWithReplicas, startRcHeat, streamLeader, untilHeatFinished, untilReplicasCurrent, watchStream } from '../../support/cloud-cluster.ts';
import { startIngestRecorder } from '../../support/ingest-recorder.ts';

const defer = useCleanups();
const TRACKS = ['west-track', 'hill-track'] as const;
const RIDERS = 8;
const HEAT_MS = 45_000;

it('cluster - boxes sync into ingest and worker processes on an R3 cluster; a node killed with -9 mid-ingest loses and doubles nothing, ingest answers 200 again once the node is back, and the workers go on', async () => {
  const cluster = await startNatsCluster(3);
  defer(() => cluster.stop());
  const dir = await makeTempDir('e2e-cluster');
  defer(() => removeTempDir(dir));
  const nc = await connect({ servers: cluster.urls.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  defer(() => nc.close());

  // More copies than servers is refused, naming the field; three are made.
  const four = await provisionWithReplicas(cluster.urls, dir, 4);
  expect(four.code, four.stdout).toBe(1);
  expect(four.stderr).toMatch(/streams\.replicas/);
  const three = await provisionWithReplicas(cluster.urls, dir, 3);
  expect(three.code, three.stderr).toBe(0);
  const jsm = await jetstreamManager(nc);
  for (const stream of provisionedStreams()) expect((await jsm.streams.info(stream)).config.num_replicas, stream).toBe(3);

  const r3 = { streams: { replicas: 3 } };
  const front = await startCloudProcess({ natsUrl: cluster.urls, dir, name: 'front', roles: ['ingest', 'gateway'], config: r3 });
  defer(() => front.stop());
  const back = await startCloudProcess({ natsUrl: cluster.urls, dir, name: 'back', roles: ['race', 'projection'], config: r3 });
  defer(() => back.stop());
  const recorder = await startIngestRecorder(front.url);
  defer(() => recorder.close());
  const probe = probeIngest(front.url, boxToken('probe-track', 'probe'));
  defer(() => probe.stop());

  const boxOptions = TRACKS.map((track) => ({ dataDir: join(dir, track), trackId: track, clientId: 'box-1', cloudUrl: recorder.url, env: { MRE_SIMULATOR_LAP_SECONDS: '0.8,1.2' } }));
  const boxes = await Promise.all(boxOptions.map((options) => startBoxProcess(options)));
  for (const box of boxes) defer(() => box.stop());
  const viewers = TRACKS.map((track) => listenLive(front.url, track));
  for (const viewer of viewers) defer(() => viewer.close());
  await Promise.all(boxes.map((box, i) => startRcHeat(box, TRACKS[i]!, RIDERS, HEAT_MS)));

  // Mid-ingest: laps are arriving at both boxes and reaching the cloud.
  await waitFor('laps in the cloud on both tracks', async () => {
    const counts = await Promise.all(TRACKS.map(async (t) => (await cloudRaceEvents(nc, t)).length));
    return counts.every((n) => n >= 20) || undefined;
  }, 60_000);
  const leader = await streamLeader(nc, STREAMS.ingestRaw);
  const victim = cluster.nodes[Number(/mre-node-(\d+)/.exec(leader)![1])]!;
  const killedAt = performance.now();
  await victim.kill('SIGKILL');
  // Down for a while: the boxes keep sending, the cluster elects new leaders among the two left.
  await waitFor('a box batch taken with the node down', () => recorder.answers.some((a) => a.askedAt > killedAt && a.status === 200 && a.answeredAt - killedAt > 3_000) || undefined, 60_000);
  await victim.restart();
  const restartedAt = performance.now();
  await cluster.ready();
  await untilReplicasCurrent(nc, 2);
  // From here the raw stream is watched: a leader moving again later (a loaded machine can starve a node's heartbeats) is a fresh election, not the settled cluster refusing.
  const watch = watchStream(nc, STREAMS.ingestRaw, 2);
  defer(() => watch.stop());
  // Settled: the node is back, every replica current, and ingest has answered ten probes in a row; from then on, only 200s.
  const settledAt = await waitFor('ingest to answer ten probes in a row after the node is back', () => {
    const recent = probe.answers.filter((a) => a.askedAt > restartedAt).slice(-10);
    return recent.length === 10 && recent.every((a) => a.status === 200) ? recent[0]!.askedAt : undefined;
  }, 60_000);

  await Promise.all(boxes.map((box) => untilHeatFinished(box)));
  await waitFor('probes after the cluster settled', () => probe.answers.filter((a) => a.askedAt > settledAt).length >= 20 || undefined, 30_000);
  await probe.stop();
  await watch.stop();
  await Promise.all(boxes.map((box, i) => drainAndStop(box, boxOptions[i]!)));
  const envelopesPerBox = await Promise.all(boxes.map((box) => boxLogEnvelopes(box.dataDir)));

  // Every answer the boxes and the probe saw: taken, or 503 (retry) while the cluster elected; only 200 once it had settled.
  const seen = [...recorder.answers.map((a) => ({ status: a.status, askedAt: a.askedAt, answeredAt: a.answeredAt, error: a.error })), ...probe.answers.map((a) => ({ ...a, answeredAt: a.askedAt + PROBE_TIMEOUT_MS }))];
  const duringElection = (a: { askedAt: number; answeredAt: number }) => watch.unsettled.some((u) => u.at > a.askedAt - 1_000 && u.at < a.answeredAt + 1_000);
  expect(seen.filter((a) => a.status !== 200 && a.status !== 503), 'answers other than 200 and 503').toEqual([]);
  const settledMs = Math.round(settledAt - killedAt);
  const late = seen.filter((a) => (a.askedAt < killedAt || (a.askedAt > settledAt && !duringElection(a))) && a.status !== 200).map((a) => ({ ...a, msAfterKill: Math.round(a.askedAt - killedAt) }));
  const elections = watch.unsettled.filter((u) => u.at > settledAt).map((u) => `${Math.round(u.at - killedAt)} ms: ${u.why}`);
  expect(late, `refusals before the kill, or after the cluster settled (${settledMs} ms after the kill) with no election near them (later elections: ${elections.join('; ') || 'none'})`).toEqual([]);
  expect(recorder.answers.filter((a) => a.askedAt > killedAt && a.askedAt < settledAt && a.status === 200).length, 'batches taken between the kill and the settle').toBeGreaterThan(0);

  for (const [i, track] of TRACKS.entries()) {
    // Nothing doubled in the raw stream: one message per envelope the box logged.
    const subject = subjects.ingestRaw(track);
    const raw = await jsm.streams.info(STREAMS.ingestRaw, { subjects_filter: subject });
    expect((raw.state.subjects as Record<string, number>)[subject], `${track}: raw messages`).toBe(envelopesPerBox[i]);
    // Nothing lost or doubled downstream: the cloud's events are the box's, byte for byte.
    const fromBox = await boxDerivedEvents(boxes[i]!.dataDir, dir);
    const fromCloud = await waitFor(`${track}: every event in the cloud`, async () => {
      const events = await cloudRaceEvents(nc, track);
      return events.length >= fromBox.length ? events : undefined;
    }, 60_000);
    expect(fromCloud).toEqual(fromBox);
  }

  // The projection went on: each heat's read model is final.
  const models = await new Kvm(nc).open(BUCKETS.readModels);
  for (const track of TRACKS) {
    await waitFor(`${track}: the heat's read model final`, async () => (await models.get(modelKeys.race(track, 'heat-1')))?.json<{ race: { status: string } }>().race.status === 'finished' || undefined, 60_000);
  }
  // The gateway went on: each viewer saw its heat finish, live.
  for (const [i, track] of TRACKS.entries()) {
    await waitFor(`${track}: the viewer to see the heat finish`, () => viewers[i]!.messages.some((m) => m.kind === 'event' && m.payload?.type === 'race.updated' && m.payload.payload.change.kind === 'finished') || undefined, 30_000);
  }
}, 420_000);
