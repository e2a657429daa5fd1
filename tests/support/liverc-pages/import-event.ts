/** @module An event imported through the LiveRC API as a signed-in user would (POST import, then the job followed to its end), so a page test or bench starts from imported races without clicking through the portal. */
import { LIVERC_API_PREFIX } from '../../../cloud/liverc/api/index.ts';
import type { JobState } from '../../../cloud/liverc/jobs/index.ts';
import type { CloudService } from '../../../cloud/service/cloud-service.ts';
import { waitFor } from '../../harness/index.ts';
import { signIn } from '../portal-login.ts';

export async function importEvent(cloud: CloudService, eventId: string, timeoutMs = 90_000): Promise<JobState> {
  const admin = await signIn(cloud, 'admin');
  const call = async (method: string, path: string) => {
    const res = await cloud.app.request(`${LIVERC_API_PREFIX}${path}`, { method, headers: admin.headers(method) });
    return (await res.json()) as { job: JobState };
  };
  const { job } = await call('POST', `/events/${eventId}/import`);
  const ended = await waitFor(`import of event ${eventId} to end`, async () => {
    const now = (await call('GET', `/jobs/${job.job_id}`)).job;
    return now.state === 'done' || now.state === 'failed' ? now : undefined;
  }, timeoutMs);
  if (ended.state !== 'done') throw new Error(`import of event ${eventId} failed: ${ended.error?.message ?? ended.state}`);
  return ended;
}
