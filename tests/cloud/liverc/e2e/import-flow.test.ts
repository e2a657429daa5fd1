/** @module LiveRC import end to end over real HTTP, NATS and the fake LiveRC serving the real event 486677 (32 races): sync, pick, import with live progress, read back; a second import leaves every KV bucket as it was. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobState } from '../../../../cloud/liverc/jobs/index.ts';
import type { CloudService } from '../../../../cloud/service/cloud-service.ts';
import { describeWithShared } from '../../../support/shared-fixtures.ts';
import { kvSnapshot, startServers, startTestCloud, TEST_SPACING_MS, type Servers } from '../../../support/liverc-pages/cloud-stack.ts';
import { CANBERRA, CANBERRA_FILES, serveCanberra, serveTrackList } from '../../../support/liverc-pages/site.ts';
import { overHttp, signInAs, type Login } from '../../../support/portal-login.ts';

type Json = Record<string, any>;

describeWithShared('liverc e2e import of event 486677', CANBERRA_FILES, () => {
  let servers: Servers;
  let cloud: CloudService;
  let admin: Login;

  beforeAll(async () => {
    servers = await startServers();
    serveTrackList(servers.fake);
    serveCanberra(servers.fake);
    cloud = await startTestCloud(servers);
    admin = await signInAs(cloud.liverc!.accounts.store, overHttp(cloud.url), 'admin');
  }, 60_000);
  afterAll(async () => {
    await cloud?.stop(0);
    await servers?.stop();
  });

  const api = async (method: string, path: string): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${cloud.url}/api/connectors/liverc${path}`, { method, headers: admin.headers(method) });
    return { status: res.status, body: (await res.json()) as Json };
  };

  /** Reads the SSE stream to its end over real HTTP, returning each event. */
  async function follow(jobId: string): Promise<{ event: string; data: Json }[]> {
    const res = await fetch(`${cloud.url}/api/connectors/liverc/jobs/${jobId}/stream`, { headers: admin.headers() });
    const text = await res.text();
    return text
      .split('\n\n')
      .filter((b) => b.includes('data:'))
      .map((b) => ({ event: /^event: (.*)$/m.exec(b)?.[1] ?? 'message', data: JSON.parse(/^data: (.*)$/m.exec(b)![1]!) as Json }));
  }

  it('liverc e2e - tracks sync, events held-between, import with job states over SSE, then results and laps through the API', async () => {
    await cloud.runtime.ingestion.syncTracks();
    const tracks = await api('GET', '/tracks?q=canberra%20off');
    expect(tracks.body.tracks.map((t: Json) => t.slug)).toEqual([CANBERRA.slug]);
    expect((await api('POST', `/tracks/${CANBERRA.slug}/refresh`)).body.events).toBe(100);
    const november = await api('GET', `/tracks/${CANBERRA.slug}/events?from=2025-11-01&to=2025-11-30`);
    expect(november.body.events.map((e: Json) => e.source_event_id)).toEqual([CANBERRA.event_id]);

    const submitted = await api('POST', `/events/${CANBERRA.event_id}/import`);
    const clicked = await api('POST', `/events/${CANBERRA.event_id}/import`);
    expect(submitted.status).toBe(202);
    expect(clicked.body.job.job_id).toBe(submitted.body.job.job_id);
    const stream = await follow(submitted.body.job.job_id);
    const states = stream.filter((m) => m.event === 'state').map((m) => m.data.state as JobState['state']);
    expect(states[0]).toMatch(/^(queued|running)$/);
    expect(states.at(-1)).toBe('done');
    const races = stream.filter((m) => m.event === 'progress').map((m) => m.data.races_done as number);
    expect(races.at(-1)).toBe(CANBERRA.races);
    expect(races).toEqual([...races].sort((a, b) => a - b));

    const detail = await api('GET', `/events/${CANBERRA.event_id}`);
    expect(detail.body.event).toMatchObject({ name: 'Cormcc 2025 Rudi Wensing Memorial, Clay Cup', date_start: '2025-11-16', ingest_depth: 'laps_full', races: CANBERRA.races });
    expect(detail.body.races).toHaveLength(CANBERRA.races);
    const aMain = detail.body.races.find((r: Json) => r.source_race_id === '6304829');
    expect(aMain).toMatchObject({ class_name: '1/8 Nitro Buggy', section: 'Main Events', completed_at: '2025-11-16T17:30' });
    expect(aMain.results).toHaveLength(12);
    expect(aMain.results[0]).toMatchObject({ driver_name: 'FELIX KOEGLER', laps: 47, total_time_seconds: 1831.382 });
    const laps = await api('GET', '/races/6304829/laps');
    expect(laps.body.drivers.reduce((n: number, d: Json) => n + d.laps.length, 0)).toBe(444);
    expect(laps.body.drivers[0].laps).toHaveLength(47);
    expect(laps.body.drivers.flatMap((d: Json) => d.laps.map((l: Json) => l.seconds)).reduce((a: number, b: number) => Math.min(a, b), Infinity)).toBe(36.017);

    // Politeness from the fake's side: every request arrived at least the spacing after the one before
    // (less a few ms of loopback transit jitter, as arrivals are stamped when the server sees them).
    const gaps = servers.fake.requests.slice(1).map((r, i) => r.at_ms - servers.fake.requests[i]!.at_ms);
    expect(Math.min(...gaps)).toBeGreaterThan(TEST_SPACING_MS - 5);
  }, 120_000);

  it('liverc e2e - importing the event again leaves every KV bucket identical, keys, values and revisions', async () => {
    const before = await kvSnapshot(cloud.runtime.nc);
    expect(Object.keys(before['liverc_laps'] ?? {}).length).toBeGreaterThan(300);
    const again = await api('POST', `/events/${CANBERRA.event_id}/import?reingest=true`);
    expect(again.status).toBe(202);
    const states = (await follow(again.body.job.job_id)).filter((m) => m.event === 'state');
    expect(states.at(-1)?.data).toMatchObject({ state: 'done', result: { import: { status: 'imported', races: CANBERRA.races } } });
    expect(await kvSnapshot(cloud.runtime.nc)).toEqual(before);
  }, 120_000);
});
