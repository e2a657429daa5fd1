/** @module The admin driver-links API over real HTTP on a test cloud with a real nats-server: the door (401, 403, CSRF), links listed with their evidence, confirm and reject changing the listing, a rejected link not suggested again when its event is matched again, and a cloud with matching off saying so. */
import { describe, expect, it } from 'vitest';
import { ADMIN_API_PREFIX, MAX_ADMIN_BODY } from '../../../cloud/admin/index.ts';
import type { MatchDriver } from '../../../cloud/liverc/matching/index.ts';
import { startAdminCloud, useAdminCloud } from '../../support/admin-cloud.ts';
import { signIn, type Login } from '../../support/portal-login.ts';
import { send } from '../accounts/support.ts';

const suite = useAdminCloud();

const api = (login: Login | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  send(suite.url, method, `${ADMIN_API_PREFIX}${path}`, { headers: { ...(login ? login.headers(method) : {}), ...headers }, ...(body === undefined ? {} : { body }) });

const matching = () => suite.cloud.liverc!.runtime.matching!;
const store = () => suite.cloud.liverc!.runtime.ingestion.store;
const row = (driver_key: string, display_name: string, transponder: string | null = null): MatchDriver => ({ driver_key, source_driver_id: driver_key.slice(1), display_name, transponder });

/** What an import leaves in the LiveRC store for the evidence: the event's name and date, the driver's printed name. */
async function imported(event_id: string, name: string, date: string, drivers: MatchDriver[]) {
  await store().upsert('events', event_id, { source: 'liverc', source_event_id: event_id, track_slug: 'test-track', name, date_start: date, date_end: date });
  for (const d of drivers) await store().upsert('drivers', d.driver_key, { source: 'liverc', driver_key: d.driver_key, source_driver_id: d.source_driver_id, display_name: d.display_name, normalized_name: '', transponders: [] });
  return matching().matchEvent({ event_id, drivers });
}

const pairs = (body: Record<string, unknown>) => (body.links as { user: { user_id: string }; driver_key: string; status: string }[]).map((l) => `${l.user.user_id}:${l.driver_key}:${l.status}`);

describe('admin driver links API', () => {
  it('driver links API - 401 without a session, 403 to a member and without the CSRF token, 413 past the body limit', async () => {
    const pair = { user_id: 'nobody', driver_key: 'd1' };
    for (const [method, path] of [['GET', '/driver-links'], ['POST', '/driver-links/confirm'], ['POST', '/driver-links/reject']] as const) {
      const body = method === 'POST' ? pair : undefined;
      expect((await api(null, method, path, body)).status, `${method} ${path}`).toBe(401);
      const member = await api(suite.member, method, path, body);
      expect(member.status).toBe(403);
      expect(member.body.error).toMatch(/only admins/);
    }
    for (const path of ['/driver-links/confirm', '/driver-links/reject']) {
      expect((await api(null, 'POST', path, pair, { Cookie: suite.admin.cookie })).status).toBe(403);
    }
    const big = await api(suite.admin, 'POST', '/driver-links/reject', { ...pair, pad: 'x'.repeat(MAX_ADMIN_BODY) });
    expect(big.status).toBe(413);
    expect((await api(suite.admin, 'GET', '/driver-links?status=maybe')).status).toBe(400);
    expect((await api(suite.admin, 'GET', '/driver-links?limit=0')).status).toBe(400);
    expect((await api(suite.admin, 'POST', '/driver-links/confirm', pair)).status).toBe(404);
  });

  it('driver links API - the evidence of each link, conflicts naming their rivals, confirm and reject change the listing, and a rejected link stays away on re-matching', async () => {
    await matching().users.putUser({ user_id: 'ann', name: 'Ann Lee', transponders: ['4411'] });
    await matching().users.putUser({ user_id: 'ben', name: 'Ben Hall', transponders: [] });
    await matching().users.putUser({ user_id: 'bert', name: 'Ben Hall', transponders: [] });
    const drivers = [row('d7001', 'LEE, ANN', '4411'), row('d7002', 'BEN HALL')];
    await imported('9001', 'Winter Series Rd 1', '2026-01-10', drivers);

    const listed = await api(suite.admin, 'GET', '/driver-links');
    expect(listed.status).toBe(200);
    expect(pairs(listed.body)).toEqual(['ann:d7001:suggested', 'ben:d7002:conflict', 'bert:d7002:conflict']);
    const links = listed.body.links as Record<string, unknown>[];
    expect(links[0]).toMatchObject({
      user: { user_id: 'ann', name: 'Ann Lee', transponders: ['4411'] },
      driver_key: 'd7001',
      driver_name: 'LEE, ANN',
      events: [{ event_id: '9001', name: 'Winter Series Rd 1', date: '2026-01-10', match_type: 'transponder', transponder: '4411', status: 'suggested' }],
      competing: [],
    });
    expect(links[1]).toMatchObject({ competing: [{ user_id: 'bert', name: 'Ben Hall', status: 'conflict' }] });

    const paged = await api(suite.admin, 'GET', '/driver-links?limit=2');
    expect(pairs(paged.body)).toEqual(['ann:d7001:suggested', 'ben:d7002:conflict']);
    expect(pairs((await api(suite.admin, 'GET', `/driver-links?limit=2&after=${paged.body.next as string}`)).body)).toEqual(['bert:d7002:conflict']);

    const confirmed = await api(suite.admin, 'POST', '/driver-links/confirm', { user_id: 'ann', driver_key: 'd7001' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.link).toMatchObject({ status: 'confirmed', driver_name: 'LEE, ANN' });
    const rejected = await api(suite.admin, 'POST', '/driver-links/reject', { user_id: 'bert', driver_key: 'd7002' });
    expect(rejected.body.link).toMatchObject({ status: 'rejected' });
    expect(pairs((await api(suite.admin, 'GET', '/driver-links')).body)).toEqual(['ben:d7002:conflict']);
    expect(pairs((await api(suite.admin, 'GET', '/driver-links?status=confirmed')).body)).toEqual(['ann:d7001:confirmed']);
    expect(pairs((await api(suite.admin, 'GET', '/driver-links?status=rejected')).body)).toEqual(['bert:d7002:rejected']);

    await imported('9001', 'Winter Series Rd 1', '2026-01-10', drivers);
    await imported('9002', 'Winter Series Rd 2', '2026-02-07', drivers);
    expect(pairs((await api(suite.admin, 'GET', '/driver-links')).body)).toEqual(['ben:d7002:suggested']);
    const again = await api(suite.admin, 'GET', '/driver-links?status=rejected');
    expect(pairs(again.body)).toEqual(['bert:d7002:rejected']);
    expect((again.body.links as { events: { event_id: string }[] }[])[0]?.events.map((e) => e.event_id)).toEqual(['9001']);
  });

  it('driver links API - a cloud with matching off answers 503 saying so', async () => {
    const off = await startAdminCloud(suite.servers, { env: { MRE_MATCHING_ENABLED: 'false' } });
    try {
      const admin = await signIn(off);
      const answer = await send(off.url, 'GET', `${ADMIN_API_PREFIX}/driver-links`, { headers: admin.headers('GET') });
      expect(answer.status).toBe(503);
      expect(answer.body.error).toMatch(/driver matching is off/);
    } finally {
      await off.stop(0);
    }
  });
});
