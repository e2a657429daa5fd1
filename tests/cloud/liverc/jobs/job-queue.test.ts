/** @module Import job identity and the queue on a real nats-server: key and id derivation, one job per event and bucket, Nats-Msg-Id dedupe, attempts after an ended job, the capped log. */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_BUCKET_MS, JOB_STREAM, JOB_SUBJECT, jobIdentity, JobQueue, LOG_CAP, appendLog, parseJobId, progressSubject, timeBucket, type JobState } from '../../../../cloud/liverc/jobs/index.ts';
import { startNatsServer, type NatsServer } from '../../../harness/index.ts';

describe('liverc jobs - identity', () => {
  it('liverc jobs - the idempotency key names the provider, event and five-minute bucket', () => {
    const at = Date.UTC(2025, 10, 16, 8, 4, 59);
    const bucket = timeBucket(at);
    expect(bucket).toBe(Math.floor(at / 300_000));
    expect(timeBucket(at + 1_000)).toBe(bucket + 1);
    const id = jobIdentity('486677', bucket);
    expect(id.key).toBe(`provider:liveRC:job:486677:${bucket}`);
    expect(id.job_id).toBe(`liverc-486677-${bucket}`);
    expect(jobIdentity('486677', bucket, 3)).toMatchObject({ key: `provider:liveRC:job:486677:${bucket}:3`, job_id: `liverc-486677-${bucket}-3` });
  });

  it('liverc jobs - a job id parses back to its key, and anything else is no job id', () => {
    const id = jobIdentity('610001', 5_000_000, 2);
    expect(parseJobId(id.job_id)).toEqual(id);
    expect(parseJobId(jobIdentity('610001', 5_000_000).job_id)?.key).toBe('provider:liveRC:job:610001:5000000');
    for (const bad of ['liverc-abc-1', 'liverc-1', 'job-1-2', 'liverc-1-2-1', 'liverc-1-2-x', '../liverc-1-2']) expect(parseJobId(bad)).toBeNull();
    expect(progressSubject(id.job_id)).toBe('liverc.jobs.progress.liverc-610001-5000000-2');
  });

  it('liverc jobs - the log keeps the newest lines up to its cap and counts what it dropped', () => {
    const state = { log: [], log_dropped: 0 } as unknown as JobState;
    for (let i = 0; i < LOG_CAP + 7; i++) appendLog(state, `line ${i}`);
    expect(state.log).toHaveLength(LOG_CAP);
    expect(state.log[0]).toBe('line 7');
    expect(state.log.at(-1)).toBe(`line ${LOG_CAP + 6}`);
    expect(state.log_dropped).toBe(7);
  });
});

describe('liverc jobs - queue', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let clock = Date.UTC(2025, 10, 16, 9, 0, 0);
  let queue: JobQueue;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    queue = await JobQueue.open(nc, { now: () => clock, maxBytes: 1024 * 1024, stateMaxBytes: 4 * 1024 * 1024 });
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  const messages = async () => (await (await jetstreamManager(nc)).streams.info(JOB_STREAM)).state.messages;

  it('liverc jobs - the stream is a work queue on liverc.jobs.import whose duplicate window covers a bucket', async () => {
    const info = await (await jetstreamManager(nc)).streams.info(JOB_STREAM);
    expect(info.config.retention).toBe('workqueue');
    expect(info.config.subjects).toEqual([JOB_SUBJECT]);
    expect(info.config.duplicate_window).toBeGreaterThanOrEqual(JOB_BUCKET_MS * 1_000_000);
  });

  it('liverc jobs - two submits of one event in one bucket are one job and one message', async () => {
    const before = await messages();
    const first = await queue.submit('700001');
    clock += 30_000;
    const second = await queue.submit('700001');
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.job.job_id).toBe(first.job.job_id);
    expect(second.job.created_at_ms).toBe(first.job.created_at_ms);
    expect(await messages()).toBe(before + 1);
    expect(await queue.get(first.job.job_id)).toMatchObject({ state: 'queued', event_id: '700001', key: first.job.key, reingest: false });
  });

  it('liverc jobs - the stream drops a second publish with the same Nats-Msg-Id', async () => {
    const { job } = await queue.submit('700002');
    const ack = await queue.js.publish(JOB_SUBJECT, JSON.stringify({ job_id: job.job_id, event_id: '700002', reingest: false }), { msgID: job.key });
    expect(ack.duplicate).toBe(true);
  });

  it('liverc jobs - a submit in the next bucket is a new job', async () => {
    const first = await queue.submit('700003');
    clock += JOB_BUCKET_MS;
    const next = await queue.submit('700003');
    expect(next.created).toBe(true);
    expect(next.job.job_id).not.toBe(first.job.job_id);
    expect(parseJobId(next.job.job_id)!.bucket).toBe(parseJobId(first.job.job_id)!.bucket + 1);
  });

  it('liverc jobs - once a job has ended, a submit in the same bucket is the next attempt', async () => {
    const first = await queue.submit('700004', { reingest: true });
    await queue.states.put({ ...first.job, state: 'failed', error: { code: 'http', message: 'answered 500' }, finished_at_ms: clock });
    const again = await queue.submit('700004', { reingest: true });
    expect(again.created).toBe(true);
    expect(again.job.job_id).toBe(`${first.job.job_id}-2`);
    expect(again.job.key).toBe(`${first.job.key}:2`);
    expect(again.job.reingest).toBe(true);
    // The running second attempt is what a third click finds.
    await queue.states.put({ ...again.job, state: 'running' });
    expect((await queue.submit('700004')).job.job_id).toBe(again.job.job_id);
  });
});
