/** @module The import worker: pulls one job at a time from `liverc_jobs`, runs it with progress, log and upstream requests recorded, and acks it only once it has ended. */
import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { createLogger, type Logger } from '../../../shared/log/index.ts';
import type { LiveRcIngestion } from '../ingestion/service.ts';
import type { LiveRcConnector } from '../types.ts';
import { describeFailure, importAndMatch, requestLine, type EventHistory, type EventMatching } from './import-run.ts';
import type { JobMessageBody, JobQueue } from './job-queue.ts';
import { JobRun } from './job-run.ts';
import { appendLog, isTerminal, JOB_CONSUMER, JOB_STREAM } from './job-state.ts';

export interface JobWorkerOptions {
  nc: NatsConnection;
  queue: JobQueue;
  ingestion: LiveRcIngestion;
  connector: LiveRcConnector;
  matching: EventMatching | null;
  history?: EventHistory | null;
  members?: { sync(): Promise<number> } | null;
  /** The consumer's ack wait: progress heartbeats go out three times within it. */
  ackWaitMs: number;
  /** A job picked up more often than this (its worker died each time) fails as `gave_up`. */
  maxDeliveries?: number;
  now?: () => number;
  log?: Logger;
}

const PULL_EXPIRES_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `work` or `ms`, whichever is first, leaving no timer behind to hold the process open. */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export class JobWorker {
  private stopping = false;
  private loop: Promise<void> | null = null;
  private current: Promise<void> | null = null;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly options: JobWorkerOptions) {
    this.log = options.log ?? createLogger('cloud:liverc');
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.run();
  }

  /**
   * Takes no new job and waits up to `graceMs` for the current one. A job still running after
   * that stays unacked: when the caller then closes the connector it ends, is put back as
   * queued and nak'd so another worker (or this one after a restart) resumes it.
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    const current = this.current;
    if (current) await within(current, graceMs);
  }

  /** Resolves when the pull loop and any job have finished (after stop() and closing the connector). */
  async stopped(timeoutMs = 5_000): Promise<void> {
    await within(Promise.all([this.loop, this.current]), timeoutMs);
  }

  get busy(): boolean {
    return this.current !== null;
  }

  private async run(): Promise<void> {
    const { nc } = this.options;
    const consumer = await this.options.queue.js.consumers.get(JOB_STREAM, JOB_CONSUMER);
    while (!this.stopping && !nc.isClosed()) {
      let msg: JsMsg | null;
      try {
        msg = await consumer.next({ expires: PULL_EXPIRES_MS });
      } catch (error) {
        if (this.stopping || nc.isClosed()) break;
        this.log.warn('job pull failed; trying again', { err: error as Error });
        await sleep(1_000);
        continue;
      }
      if (!msg) continue;
      if (this.stopping) {
        msg.nak();
        break;
      }
      this.current = this.handle(msg).catch((error: Error) => this.log.error('job handling failed', { err: error }));
      await this.current;
      this.current = null;
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    const { queue, nc } = this.options;
    let body: JobMessageBody;
    try {
      body = msg.json<JobMessageBody>();
    } catch {
      this.log.warn('job message is not JSON; dropped', { seq: msg.seq });
      msg.term();
      return;
    }
    const state = await queue.get(body.job_id);
    if (!state || isTerminal(state.state)) {
      // A republish after the duplicate window, or a job whose state expired: nothing to run.
      msg.ack();
      return;
    }
    const run = new JobRun(state, nc, queue.states, this.log);
    const deliveries = msg.info.deliveryCount;
    const maxDeliveries = this.options.maxDeliveries ?? 5;
    if (deliveries > maxDeliveries) {
      await run.transition((s) => {
        s.deliveries = deliveries;
        s.state = 'failed';
        s.error = { code: 'gave_up', message: `the import was started ${deliveries - 1} times and its worker stopped each time` };
        s.finished_at_ms = this.now();
      });
      msg.ack();
      return;
    }
    await run.transition((s) => {
      s.deliveries = deliveries;
      s.state = 'running';
      s.started_at_ms ??= this.now();
      if (deliveries > 1) appendLog(s, `picked up again (delivery ${deliveries}): the previous run stopped before it ended; importing again, nothing is written twice`);
    });
    this.log.info('liverc import job started', { job_id: state.job_id, event_id: state.event_id, delivery: deliveries });
    const heartbeat = setInterval(() => {
      try {
        msg.working();
      } catch {
        // The connection is gone: the job will be redelivered to whoever is still connected.
      }
    }, Math.max(250, Math.floor(this.options.ackWaitMs / 3)));
    const unlisten = this.options.connector.onRequest((record) => run.line(requestLine(record)));
    let settle: 'ack' | 'nak' = 'ack';
    try {
      const result = await importAndMatch({ ingestion: this.options.ingestion, matching: this.options.matching, history: this.options.history ?? null, members: this.options.members ?? null, log: this.log }, state.event_id, { reingest: state.reingest }, run);
      await run.transition((s) => {
        s.state = 'done';
        s.result = result;
        s.finished_at_ms = this.now();
      });
      this.log.info('liverc import job done', { job_id: state.job_id, event_id: state.event_id, races: result.import.races, laps: result.import.laps });
    } catch (error) {
      if (this.stopping) {
        settle = 'nak';
        run.line('worker stopped before the import ended; the job goes back to the queue');
        await run.transition((s) => void (s.state = 'queued')).catch(() => undefined);
      } else {
        const failure = describeFailure(error);
        run.line(`failed: ${failure.message}`);
        await run.transition((s) => {
          s.state = 'failed';
          s.error = failure;
          s.finished_at_ms = this.now();
        });
        this.log.warn('liverc import job failed', { job_id: state.job_id, event_id: state.event_id, code: failure.code, problem: failure.message });
      }
    } finally {
      clearInterval(heartbeat);
      unlisten();
      run.dispose();
    }
    if (settle === 'ack') await msg.ackAck();
    else msg.nak();
  }
}
