/** @module The cloud's GET /metrics with the ingest and race roles: ingest latency per stored batch, duplicates suppressed by stage, the race worker's consumer lag per track. */
import { expect, it } from 'vitest';
import { makeTempDir, removeTempDir, startNatsServer, useCleanups, waitFor } from '../../harness/index.ts';
import { boxToken, startCloudProcess } from '../../support/cloud-e2e.ts';
import { parseExposition } from '../../support/prometheus-text.ts';
import { CLIENT, envelopes, postBatch, TRACK } from '../ingest/support.ts';

const defer = useCleanups();

it('cloud metrics - a stored batch moves the ingest latency, a re-sent one the ingest duplicates, and the race worker reports its track\'s lag', async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const dir = await makeTempDir('cloud-metrics');
  defer(() => removeTempDir(dir));
  // A render at most once a second: each scrape below waits for a fresh one.
  const cloud = await startCloudProcess({ natsUrl: nats.url, dir, name: 'cloud', roles: ['ingest', 'race'] });
  defer(() => cloud.stop());
  // Paced like a real scraper: the endpoint refuses more than 10 scrapes a second.
  const scrape = async () => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    return parseExposition(await (await fetch(`${cloud.url}/metrics`)).text());
  };

  const before = await scrape();
  expect(before.value('mre_ingest_latency_seconds_count')).toBe(0);
  const token = boxToken(TRACK, CLIENT);
  const batch = { envelopes: envelopes(1, 20) };
  expect((await postBatch(cloud.url, token, batch)).status).toBe(200);
  expect((await postBatch(cloud.url, token, batch)).body).toMatchObject({ accepted: 0, duplicate: 20 });

  const after = await waitFor('a render with the batches', async () => {
    const m = await scrape();
    return m.value('mre_ingest_latency_seconds_count') === 2 ? m : undefined;
  }, 10_000);
  expect(after.value('mre_ingest_latency_seconds_sum')).toBeGreaterThan(0);
  expect(after.value('mre_duplicates_suppressed_total', { stage: 'ingest' })).toBe(20);
  // The race worker finds the track, takes its envelopes and reports what its consumer still holds.
  const lag = await waitFor('the race worker to report the track', async () => {
    const m = await scrape();
    return m.family('mre_consumer_lag_messages').samples.find((s) => s.labels.role === 'race' && s.labels.track_id === TRACK);
  }, 30_000);
  expect(lag.value).toBe(0);
}, 90_000);
