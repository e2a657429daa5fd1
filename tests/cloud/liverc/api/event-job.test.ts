/** @module `GET events/:id/job` against a real nats-server: the event's newest import job, found again by a page reloaded mid-import, also once the job's five-minute bucket has passed. */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVERC_API_PREFIX } from '../../../../cloud/liverc/api/index.ts';
import { JobQueue } from '../../../../cloud/liverc/jobs/job-queue.ts';
import type { CloudService } from '../../../../cloud/service/cloud-service.ts';
import { startServers, startTestCloud, type Servers } from '../../../support/liverc-pages/cloud-stack.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK } from '../../../support/liverc-pages/site.ts';
import { signIn, type Login } from '../../../support/portal-login.ts';

let servers: Servers;
let cloud: CloudService;
let nc: NatsConnection;
let eventIds: string[];
let member: Login;

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  eventIds = serveTestTrack(servers.fake).events.map((e) => e.event_id);
  // No worker: a submitted import stays queued, as one waiting behind another would.
  cloud = await startTestCloud(servers, {}, { worker: false });
  await cloud.runtime.ingestion.syncTracks();
  await cloud.runtime.ingestion.refreshEvents(TEST_TRACK.slug);
  member = await signIn(cloud, 'member');
  nc = await connect({ servers: servers.nats.url });
}, 60_000);
afterAll(async () => {
  await nc?.close();
  await cloud?.stop(0);
  await servers?.stop();
});

type Json = Record<string, any>;
async function call(method: string, path: string, headers: Record<string, string> = member.headers(method)): Promise<{ status: number; body: Json }> {
  const res = await cloud.app.request(`${LIVERC_API_PREFIX}${path}`, { method, headers });
  return { status: res.status, body: (await res.json()) as Json };
}

describe('liverc api event job', () => {
  it('liverc api - an event never imported has no job: 404 naming the event', async () => {
    const answer = await call('GET', `/events/${eventIds[2]}/job`);
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatch(new RegExp(`^event ${eventIds[2]} has no import job`));
  });

  it('liverc api - GET events/:id/job gives the job the import was queued as, in its current state', async () => {
    const submitted = await call('POST', `/events/${eventIds[0]}/import`);
    expect(submitted.status).toBe(202);
    const found = await call('GET', `/events/${eventIds[0]}/job`);
    expect(found.status).toBe(200);
    expect(found.body.job).toEqual(submitted.body.job);
    expect(found.body.job.state).toBe('queued');
  });

  it('liverc api - the newest job wins once a later time bucket has made a new one', async () => {
    const first = await call('POST', `/events/${eventIds[1]}/import`);
    // Another node whose clock is ten minutes on: two buckets later, so a new job for the same event.
    const later = await JobQueue.open(nc, { now: () => Date.now() + 10 * 60_000 });
    const { job, created } = await later.submit(eventIds[1]!);
    expect(created).toBe(true);
    expect(job.job_id).not.toBe(first.body.job.job_id);
    const found = await call('GET', `/events/${eventIds[1]}/job`);
    expect(found.body.job.job_id).toBe(job.job_id);
  });

  it('liverc api - signed out, an event\'s job is refused with 401; a bad id is 400', async () => {
    expect((await call('GET', `/events/${eventIds[0]}/job`, {})).status).toBe(401);
    expect((await call('GET', '/events/abc/job')).status).toBe(400);
  });
});
