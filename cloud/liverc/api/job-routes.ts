/** @module Import jobs as the admin watches them: the stored state, an event's newest job (a reloaded page finds its import again), and an SSE stream of the state, then each progress step and log line, closed when the job ends. */
import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { NatsConnection } from '@nats-io/transport-node';
import type { JobQueue } from '../jobs/job-queue.ts';
import { isTerminal, parseJobId, progressSubject, type JobMessage, type JobState } from '../jobs/job-state.ts';
import { idParam, notFound } from './errors.ts';

/** How often an open stream re-reads the stored state, in case a live message was missed (a worker on a lost connection). */
const RECHECK_MS = 5_000;

async function knownJob(queue: JobQueue, id: string): Promise<JobState> {
  const job = parseJobId(id) ? await queue.get(id) : null;
  if (!job) throw notFound(`job ${id} does not exist (or ended long enough ago to be forgotten)`);
  return job;
}

async function follow(stream: SSEStreamingApi, nc: NatsConnection, queue: JobQueue, id: string): Promise<void> {
  // Subscribe before reading the state: a step published in between is then seen, not lost.
  const sub = nc.subscribe(progressSubject(id));
  stream.onAbort(() => sub.unsubscribe());
  await nc.flush();
  let last = await queue.get(id);
  if (!last) {
    sub.unsubscribe();
    return;
  }
  await stream.writeSSE({ event: 'state', data: JSON.stringify(last) });
  if (isTerminal(last.state)) {
    sub.unsubscribe();
    return;
  }
  let ended: JobState | null = null;
  const recheck = setInterval(() => {
    queue.get(id).then(
      (job) => {
        if (job && isTerminal(job.state) && !ended) {
          ended = job;
          sub.unsubscribe();
        }
      },
      () => undefined,
    );
  }, RECHECK_MS);
  try {
    for await (const m of sub) {
      const message = m.json<JobMessage>();
      if (message.type === 'state') {
        last = message.job;
        await stream.writeSSE({ event: 'state', data: JSON.stringify(last) });
        if (isTerminal(last.state)) break;
      } else if (message.type === 'progress') {
        await stream.writeSSE({ event: 'progress', data: JSON.stringify(message.progress) });
      } else {
        await stream.writeSSE({ event: 'log', data: JSON.stringify({ line: message.line }) });
      }
    }
    const final = ended as JobState | null;
    if (final && !isTerminal(last.state)) await stream.writeSSE({ event: 'state', data: JSON.stringify(final) });
  } finally {
    clearInterval(recheck);
    sub.unsubscribe();
  }
}

export function jobRoutes(nc: NatsConnection, queue: JobQueue): Hono {
  const app = new Hono();

  app.get('/jobs/:id', async (c) => c.json({ job: await knownJob(queue, c.req.param('id')) }));

  app.get('/events/:id/job', async (c) => {
    const id = idParam(c.req.param('id'), 'event id');
    const job = await queue.latestFor(id);
    if (!job) throw notFound(`event ${id} has no import job (none was submitted, or it ended long enough ago to be forgotten)`);
    return c.json({ job });
  });

  app.get('/jobs/:id/stream', async (c) => {
    const id = c.req.param('id');
    await knownJob(queue, id);
    return streamSSE(c, (stream) => follow(stream, nc, queue, id));
  });

  return app;
}
