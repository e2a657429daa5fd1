/** @module The admin console's API over real HTTP, with the liverc and ingest roles in one test cloud on a real nats-server: 401 without a session, 403 for a member and without the CSRF token, box tokens issued here taken by ingest until revoked here, users listed, added, re-roled and removed. */
import { describe, expect, it } from 'vitest';
import { ADMIN_API_PREFIX, MAX_ADMIN_BODY } from '../../../cloud/admin/index.ts';
import { waitFor } from '../../harness/index.ts';
import { useAdminCloud } from '../../support/admin-cloud.ts';
import { logIn, overHttp, type Login } from '../../support/portal-login.ts';
import { CLIENT, envelopes, postBatch, TRACK } from '../ingest/support.ts';
import { send } from '../accounts/support.ts';

const suite = useAdminCloud();

const api = (login: Login | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  send(suite.url, method, `${ADMIN_API_PREFIX}${path}`, { headers: { ...(login ? login.headers(method) : {}), ...headers }, ...(body === undefined ? {} : { body }) });

const ZERO_ID = '01J9ZQ8W6Y3V2K7T5R4M1N0P9A';
const ROUTES: [string, string, unknown?][] = [
  ['GET', '/box-tokens'],
  ['POST', '/box-tokens', { track_id: TRACK, client_id: CLIENT }],
  ['POST', `/box-tokens/${ZERO_ID}/revoke`],
  ['GET', '/users'],
  ['POST', '/users', { name: 'nobody-made', role: 'member', password: 'long-enough-password' }],
  ['PUT', '/users/nobody-made/role', { role: 'admin' }],
  ['DELETE', '/users/nobody-made'],
  ['GET', '/jobs'],
];

describe('admin API', () => {
  it('admin API - every route answers 401 without a session and 403 to a member, and changes nothing', async () => {
    for (const [method, path, body] of ROUTES) {
      expect((await api(null, method, path, body)).status, `${method} ${path}`).toBe(401);
      const refused = await api(suite.member, method, path, body);
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.error).toMatch(/only admins/);
    }
    expect(await suite.store.get('nobody-made')).toBeNull();
  });

  it('admin API - a state-changing request on an admin session without the CSRF token is refused with 403', async () => {
    for (const [method, path, body] of ROUTES.filter(([m]) => m !== 'GET')) {
      const refused = await api(null, method, path, body, { Cookie: suite.admin.cookie });
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.error).toMatch(/CSRF/);
    }
    expect(await suite.store.get('nobody-made')).toBeNull();
    expect((await api(suite.admin, 'GET', '/box-tokens')).body.tokens).toEqual([]);
  });

  it('admin API - a body over the limit is refused with 413', async () => {
    const answer = await api(suite.admin, 'POST', '/users', { name: 'big', role: 'member', password: 'x'.repeat(MAX_ADMIN_BODY) });
    expect(answer.status).toBe(413);
    expect(await suite.store.get('big')).toBeNull();
  });

  it('admin API - a box token issued here is answered once, listed without the token, taken by ingest, and refused by ingest once revoked here', async () => {
    const issued = await api(suite.admin, 'POST', '/box-tokens', { track_id: TRACK, client_id: CLIENT });
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ token: expect.stringMatching(/^mre1\./), jti: expect.any(String), track_id: TRACK, client_id: CLIENT, issued_at: expect.any(String), issued_by: suite.admin.name });
    const { token, jti } = issued.body as { token: string; jti: string };
    const listed = await api(suite.admin, 'GET', '/box-tokens');
    expect(listed.body.tokens).toEqual([{ jti, track_id: TRACK, client_id: CLIENT, issued_at: issued.body.issued_at, issued_by: suite.admin.name, revoked: false, revoked_at: null }]);
    expect(listed.text).not.toContain(token);
    expect((await postBatch(suite.url, token, { envelopes: envelopes(1, 2) })).status).toBe(200);

    const revoked = await api(suite.admin, 'POST', `/box-tokens/${jti}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ jti, revoked_at: expect.any(String) });
    const refused = await waitFor('ingest to refuse the revoked token', async () => {
      const a = await postBatch(suite.url, token, { envelopes: envelopes(10, 1) });
      return a.status === 401 ? a : undefined;
    }, 10_000);
    expect(refused.body.error).toMatch(/revoked/);
    expect((await api(suite.admin, 'GET', '/box-tokens')).body.tokens[0]).toMatchObject({ jti, revoked: true, revoked_at: revoked.body.revoked_at });
  });

  it('admin API - bad box-token requests are 400 or 404 naming the fault', async () => {
    expect((await api(suite.admin, 'POST', '/box-tokens', { track_id: 'Not Valid', client_id: CLIENT })).body.error).toMatch(/track_id must be/);
    expect((await api(suite.admin, 'POST', '/box-tokens', 'not json')).status).toBe(400);
    expect((await api(suite.admin, 'POST', '/box-tokens/not-an-id/revoke')).status).toBe(400);
    expect((await api(suite.admin, 'POST', `/box-tokens/${ZERO_ID}/revoke`)).status).toBe(404);
  });

  it('admin API - users are listed, added (the password checked), re-roled (ending their sessions) and removed; an admin cannot demote or remove themselves', async () => {
    const listed = await api(suite.admin, 'GET', '/users');
    expect(listed.body.users.map((u: { name: string }) => u.name)).toEqual(expect.arrayContaining([suite.admin.name, suite.member.name]));
    expect(listed.text).not.toMatch(/scrypt/);
    expect((await api(suite.admin, 'POST', '/users', { name: 'carol', role: 'member', password: 'short' })).body.error).toMatch(/at least 10/);
    const added = await api(suite.admin, 'POST', '/users', { name: 'carol', role: 'member', password: 'carols-long-password' });
    expect(added.status).toBe(201);
    expect(added.body.user).toMatchObject({ name: 'carol', role: 'member' });
    expect((await api(suite.admin, 'POST', '/users', { name: 'carol', role: 'member', password: 'carols-long-password' })).status).toBe(409);

    const carol = await logIn(overHttp(suite.url), 'carol', 'carols-long-password');
    expect((await api(carol, 'GET', '/users')).status).toBe(403);
    const promoted = await api(suite.admin, 'PUT', '/users/carol/role', { role: 'admin' });
    expect(promoted.body.user).toMatchObject({ name: 'carol', role: 'admin' });
    // The role change ended carol's session: she signs in again and is an admin now.
    expect((await api(carol, 'GET', '/users')).status).toBe(401);
    const carolAgain = await logIn(overHttp(suite.url), 'carol', 'carols-long-password');
    expect((await api(carolAgain, 'GET', '/users')).status).toBe(200);

    expect((await api(suite.admin, 'PUT', `/users/${suite.admin.name}/role`, { role: 'member' })).status).toBe(409);
    expect((await api(suite.admin, 'DELETE', `/users/${suite.admin.name}`)).status).toBe(409);
    expect((await api(suite.admin, 'PUT', '/users/carol/role', { role: 'owner' })).status).toBe(400);
    expect((await api(suite.admin, 'PUT', '/users/nobody-here/role', { role: 'admin' })).status).toBe(404);

    expect((await api(suite.admin, 'DELETE', '/users/carol')).body).toEqual({ removed: 'carol' });
    expect(await suite.store.get('carol')).toBeNull();
    expect((await api(carolAgain, 'GET', '/users')).status).toBe(401);
    expect((await api(suite.admin, 'DELETE', '/users/carol')).status).toBe(404);
  });

  it('admin API - the jobs list answers the newest import jobs first with their state and no log, limited by limit', async () => {
    const first = await suite.cloud.queue.submit('777001');
    const second = await suite.cloud.queue.submit('777002');
    const listed = await api(suite.admin, 'GET', '/jobs');
    expect(listed.status).toBe(200);
    const ids = listed.body.jobs.map((j: { job_id: string }) => j.job_id);
    expect(ids.indexOf(second.job.job_id)).toBeLessThan(ids.indexOf(first.job.job_id));
    expect(listed.body.jobs.find((j: { job_id: string }) => j.job_id === first.job.job_id)).toMatchObject({ event_id: '777001', state: 'queued', log_lines: 0 });
    expect(listed.body.jobs[0]).not.toHaveProperty('log');
    expect((await api(suite.admin, 'GET', '/jobs?limit=1')).body.jobs).toHaveLength(1);
    expect((await api(suite.admin, 'GET', '/jobs?limit=0')).status).toBe(400);
  });
});
