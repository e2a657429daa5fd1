/**
 * @module The portal's live tracks route against a real cloud (nats-server on loopback): refused without a
 * session, each track's live or idle status and private flag as the read models have them, newest
 * activity first, and never more than TRACKS_LISTED tracks; a member's viewer pass for a private track
 * (none needed for a public one), short-lived, per member rate-limited.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openProvisionedBucket } from '../../../cloud/ingest/open-bucket.ts';
import { checkViewerToken } from '../../../cloud/gateway/viewer-token.ts';
import { PASS_BURST, PASS_TTL_S, PORTAL_LIVE_PREFIX } from '../../../cloud/portal/live-routes.ts';
import { TRACKS_LISTED } from '../../../cloud/gateway/track-list.ts';
import { modelKeys } from '../../../cloud/projection/keys.ts';
import type { TrackSummary } from '../../../cloud/projection/models.ts';
import type { CloudService } from '../../../cloud/service/cloud-service.ts';
import { startAdminCloud } from '../../support/admin-cloud.ts';
import { TEST_SECRET } from '../ingest/support.ts';
import { startServers, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
import { overHttp, signInAs, type Login } from '../../support/portal-login.ts';

let servers: Servers;
let cloud: CloudService;
let member: Login;
let other: Login;
const TRACKS = `${PORTAL_LIVE_PREFIX}/tracks`;

type Listed = { tracks: (TrackSummary & { private: boolean })[]; limit: number };

async function putSummaries(summaries: TrackSummary[]): Promise<void> {
  const kv = await openProvisionedBucket(cloud.runtime.nc, 'readModels');
  await Promise.all(summaries.map((s) => kv.put(modelKeys.trackSummary(s.track_id), JSON.stringify(s))));
}

const list = async (): Promise<Listed> => {
  const res = await fetch(`${cloud.url}${TRACKS}`, { headers: member.headers() });
  expect(res.status).toBe(200);
  return (await res.json()) as Listed;
};

beforeAll(async () => {
  servers = await startServers();
  cloud = await startAdminCloud(servers, { env: { MRE_GATEWAY_PRIVATE_TRACKS: 'quiet-club' } });
  member = await signInAs(cloud.liverc!.accounts.store, overHttp(cloud.url), 'member');
  other = await signInAs(cloud.liverc!.accounts.store, overHttp(cloud.url), 'member');
}, 60_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

describe('portal live routes', () => {
  test('portal live routes - refused without a session', async () => {
    expect((await fetch(`${cloud.url}${TRACKS}`)).status).toBe(401);
  });

  test('portal live routes - each track live or idle and private as the read models say, newest first', async () => {
    const now = Date.now() * 1000;
    await putSummaries([
      { track_id: 'busy-club', status: 'live', last_activity_us: now, current_event_id: 'ev-1' },
      { track_id: 'quiet-club', status: 'idle', last_activity_us: now - 3_600_000_000, current_event_id: null },
    ]);
    const body = await list();
    const mine = body.tracks.filter((t) => t.track_id === 'busy-club' || t.track_id === 'quiet-club');
    expect(mine.map((t) => [t.track_id, t.status, t.private, t.current_event_id])).toEqual([
      ['busy-club', 'live', false, 'ev-1'],
      ['quiet-club', 'idle', true, null],
    ]);
  });

  test('portal live routes - never more than the listed limit', async () => {
    const base = Date.now() * 1000;
    await putSummaries(Array.from({ length: TRACKS_LISTED + 5 }, (_, i) => ({ track_id: `many-${i}`, status: 'idle' as const, last_activity_us: base - i, current_event_id: null })));
    // One scan serves the requests of the next 2 s: the new tracks show in the next one.
    await expect.poll(async () => (await list()).tracks.length, { timeout: 10_000 }).toBe(TRACKS_LISTED);
    const body = await list();
    expect(body.limit).toBe(TRACKS_LISTED);
    const times = body.tracks.map((t) => t.last_activity_us);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  }, 60_000);

  test('portal live routes - a private track\'s pass is a viewer token for that track alone that ends after PASS_TTL_S; a public track needs none; no session, no pass', async () => {
    const pass = (track: string, login: Login | null) => fetch(`${cloud.url}${TRACKS}/${track}/pass`, login ? { headers: login.headers() } : {});
    expect((await pass('quiet-club', null)).status).toBe(401);
    expect(await (await pass('busy-club', member)).json()).toEqual({ track_id: 'busy-club', private: false, token: null });
    const res = await pass('quiet-club', member);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; private: boolean; expires_at: string };
    expect(body.private).toBe(true);
    const checked = checkViewerToken(Buffer.from(TEST_SECRET), body.token);
    expect(checked).toMatchObject({ ok: true, claims: { kind: 'viewer', track_id: 'quiet-club' } });
    const { iat, exp } = (checked as { claims: { iat: number; exp: number } }).claims;
    expect(exp - iat).toBe(PASS_TTL_S);
    expect(Date.parse(body.expires_at)).toBe(exp * 1000);
    const late = checkViewerToken(Buffer.from(TEST_SECRET), body.token, { nowS: exp + 1 });
    expect(late).toMatchObject({ ok: false, reason: 'expired' });
    expect((late as { error: string }).error).toContain('open the board from the portal again');
    expect((await pass('Bad Track!', member)).status).toBe(400);
  });

  test('portal live routes - passes are limited per member: a burst, then 429 with Retry-After, while another member still gets one', async () => {
    const pass = (login: Login) => fetch(`${cloud.url}${TRACKS}/quiet-club/pass`, { headers: login.headers() });
    const statuses: number[] = [];
    for (let i = 0; i < PASS_BURST + 2; i++) statuses.push((await pass(member)).status);
    expect(statuses.slice(-1)).toEqual([429]);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(PASS_BURST);
    const refused = await pass(member);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toContain('too many viewer passes');
    expect((await pass(other)).status).toBe(200);
  });
});
