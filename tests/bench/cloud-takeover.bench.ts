/**
 * @module Race worker takeover: two `mre cloud start --roles race` processes, one track racing (20
 * passings a second into the raw stream, as ingest stores them); the process owning the track is
 * killed with -9 and the time until the other publishes the track's next event is measured. Three
 * rounds, a fresh process started after each kill so two are always running; the value is the
 * slowest round. Default lease settings (6 s lease, renewed every 1.5 s).
 */
import { performance } from 'node:perf_hooks';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { idempotencyKey, type Envelope } from '../../shared/contracts/index.ts';
import { STREAMS, subjects } from '../../shared/contracts/subjects.ts';
import { makeTempDir, removeTempDir, startNatsServer, waitFor } from '../harness/index.ts';
import { cloudHealth, startCloudProcess, type CloudProcess } from '../support/cloud-e2e.ts';
import type { BenchEntry } from './bench-types.ts';
import { LiveTrackLog, nowUs } from './live-track-log.ts';

const TRACK = 'takeover';
const ROUNDS = 3;
const PASSINGS_PER_S = 20;

async function lastEventSeq(jsm: JetStreamManager): Promise<number> {
  return (await jsm.streams.getMessage(STREAMS.raceEvents, { last_by_subj: subjects.raceEvents(TRACK) }).catch(() => null))?.seq ?? 0;
}

async function ownerOf(workers: CloudProcess[]): Promise<CloudProcess | undefined> {
  for (const worker of workers) {
    const race = (await cloudHealth(worker).catch(() => undefined))?.race as { tracks?: string[] } | undefined;
    if (race?.tracks?.includes(TRACK)) return worker;
  }
  return undefined;
}

export const cloudTakeoverBench: BenchEntry = {
  name: 'cloud race worker takeover after kill -9, to the next event published (ms, slowest of 3)',
  target: { value: 8_000, better: 'lower' },
  async run() {
    const nats = await startNatsServer();
    const dir = await makeTempDir('bench-takeover');
    const nc = await connect({ servers: nats.url });
    const workers: CloudProcess[] = [];
    let feeding = true;
    let feeder: Promise<void> = Promise.resolve();
    let started = 0;
    const startWorker = async () => workers.push(await startCloudProcess({ natsUrl: nats.url, dir, name: `race-${++started}`, roles: ['race'] }));
    try {
      await startWorker();
      await startWorker();
      const js = jetstream(nc);
      const jsm = await jetstreamManager(nc);
      const store = (e: Envelope) => js.publish(subjects.ingestRaw(TRACK), JSON.stringify({ ...e, ingested_at_us: nowUs() }), { msgID: idempotencyKey(e) });
      const log = new LiveTrackLog(TRACK, 'box', 8);
      for (const envelope of log.raceStart()) await store(envelope);
      feeder = (async () => {
        while (feeding) {
          await store(log.passing());
          await new Promise((resolve) => setTimeout(resolve, 1000 / PASSINGS_PER_S));
        }
      })();

      const rounds: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const owner = await waitFor('a worker owning the track', () => ownerOf(workers), 60_000);
        const before = await lastEventSeq(jsm);
        await waitFor('the owner publishing', async () => (await lastEventSeq(jsm)) > before || undefined, 30_000);
        const killedAt = performance.now();
        await owner.kill();
        workers.splice(workers.indexOf(owner), 1);
        // Whatever the dead owner had on the wire has landed by now; anything later is the survivor's.
        await new Promise((resolve) => setTimeout(resolve, 100));
        const last = await lastEventSeq(jsm);
        await waitFor('the survivor to publish the next event', async () => (await lastEventSeq(jsm)) > last || undefined, 60_000);
        rounds.push(Math.round(performance.now() - killedAt));
        await startWorker();
      }
      return {
        value: Math.max(...rounds),
        unit: 'ms',
        detail: {
          rounds: rounds.join(','),
          median_ms: [...rounds].sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!,
          lease_ttl_ms: 6_000,
          heartbeat_ms: 1_500,
          passings_per_s: PASSINGS_PER_S,
          path: 'raw stream (as ingest stores it) → race worker process A, killed with -9 → lease runs out → process B takes the track over from its saved state → timing.race.events.v1',
        },
      };
    } finally {
      feeding = false;
      await feeder.catch(() => undefined);
      for (const worker of workers) await worker.stop();
      await nc.close();
      await nats.stop();
      await removeTempDir(dir);
    }
  },
};
