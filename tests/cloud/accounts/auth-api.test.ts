/** @module Portal sign-in and the door in front of the LiveRC API, over real HTTP against a real nats-server and the fake LiveRC: same 401 for a wrong password and an unknown name, cookie flags, CSRF, roles, revoked sessions, API tokens, login and import limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiToken } from '../../../cloud/accounts/api-token.ts';
import type { UserStore } from '../../../cloud/accounts/user-store.ts';
import { BAD_LOGIN } from '../../../cloud/accounts/index.ts';
import { LIVERC_API_PREFIX } from '../../../cloud/liverc/api/index.ts';
import type { CloudService } from '../../../cloud/service/cloud-service.ts';
import { startServers, startTestCloud, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK } from '../../support/liverc-pages/site.ts';
import { logIn, overHttp, signInAs, type Login } from '../../support/portal-login.ts';
import { cookieOf, freshAddress, LIVERC_ROUTES, login, send } from './support.ts';

let servers: Servers;
let cloud: CloudService;
let store: UserStore;
let url: string;
let admin: Login;
let member: Login;

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  serveTestTrack(servers.fake);
  // No worker: imports stay queued, so asking for them costs LiveRC nothing here.
  cloud = await startTestCloud(servers, { MRE_ACCOUNTS_TRUST_PROXY: 'true', MRE_ACCOUNTS_MAX_LOGIN_FAILURES_PER_NAME: '3', MRE_ACCOUNTS_MAX_LOGIN_FAILURES_PER_ADDRESS: '5', MRE_ACCOUNTS_MEMBER_IMPORTS_PER_HOUR: '2', MRE_ACCOUNTS_SESSION_HOURS: '2' }, { worker: false });
  url = cloud.url;
  store = cloud.liverc!.accounts.store;
  admin = await signInAs(store, overHttp(url), 'admin');
  member = await signInAs(store, overHttp(url), 'member');
  await cloud.runtime.ingestion.syncTracks();
}, 60_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

const api = (login: Login | null, method: string, path: string, headers: Record<string, string> = {}) => send(url, method, `${LIVERC_API_PREFIX}${path}`, { headers: { ...(login ? login.headers(method) : {}), ...headers } });

describe('portal login', () => {
  it('portal login - a wrong password and an unknown name get the same 401 text; the right one signs in with the user and a CSRF token', async () => {
    const wrong = await login(url, admin.name, 'not-the-password', freshAddress());
    const unknown = await login(url, 'nobody-of-that-name', admin.password, freshAddress());
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual({ error: BAD_LOGIN });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const ok = await login(url, admin.name, admin.password, freshAddress());
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ user: { name: admin.name, role: 'admin', display_name: null }, csrf_token: expect.stringMatching(/^[\w-]{43}$/), expires_at: expect.any(String) });
    expect(ok.text).not.toContain(admin.password);
    expect(ok.text).not.toContain('scrypt');
  });

  it('portal login - the session cookie is HttpOnly, SameSite=Lax, Path=/, lasts session_hours, and is Secure only when the request came over https', async () => {
    const plain = await login(url, admin.name, admin.password, freshAddress());
    const session = cookieOf(plain.headers, 'mre_session')!;
    expect(session.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/', `max-age=${2 * 3600}`]));
    expect(session.attributes).not.toContain('secure');
    // The CSRF cookie is for the portal's own scripts to read: not HttpOnly.
    const csrf = cookieOf(plain.headers, 'mre_csrf')!;
    expect(csrf.value).toBe(plain.body.csrf_token);
    expect(csrf.attributes).not.toContain('httponly');
    const proxied = await login(url, admin.name, admin.password, freshAddress(), { 'X-Forwarded-Proto': 'https' });
    expect(cookieOf(proxied.headers, 'mre_session')!.attributes).toContain('secure');
    expect(cookieOf(proxied.headers, 'mre_csrf')!.attributes).toContain('secure');
  });

  it('portal login - me answers the signed-in user and the session\'s CSRF token; without a session it is 401', async () => {
    const me = await send(url, 'GET', '/api/auth/me', { headers: member.headers() });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: expect.objectContaining({ name: member.name, role: 'member', transponders: [], driver_names: [] }), via: 'session', csrf_token: member.csrf });
    expect(me.text).not.toContain(member.password);
    expect(me.text).not.toMatch(/scrypt|password/);
    expect((await send(url, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await send(url, 'GET', '/api/auth/me', { headers: { Cookie: `mre_session=${member.cookie.split('=')[1]!.slice(0, -4)}AAAA` } })).status).toBe(401);
  });

  it('portal login - after max_login_failures_per_name failures the name is refused with 429 saying when to try again, even with the right password, from any address', async () => {
    const victim = await signInAs(store, overHttp(url), 'member');
    for (let i = 0; i < 3; i++) expect((await login(url, victim.name, `guess-${i}-wrong`, freshAddress())).status).toBe(401);
    const blocked = await login(url, victim.name, victim.password, freshAddress());
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(blocked.body).toEqual({ error: expect.stringMatching(/^too many failed logins for this user name: try again in 1[45] min \(at \d{4}-\d\d-\d\dT[\d:.]+Z\)$/), retry_after_s: Number(blocked.headers.get('retry-after')) });
    // Another user is not affected.
    expect((await login(url, admin.name, admin.password, freshAddress())).status).toBe(200);
  });

  it('portal login - after max_login_failures_per_address failures the address is refused with 429 whatever name it tries', async () => {
    const address = freshAddress();
    for (let i = 0; i < 5; i++) expect((await login(url, `spray-${i}`, 'some-password-guess', address)).status).toBe(401);
    const blocked = await login(url, admin.name, admin.password, address);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toMatch(/^too many failed logins from this address: try again in/);
    expect((await login(url, admin.name, admin.password, freshAddress())).status).toBe(200);
  });

  it('portal login - a body that is not a name and password is 400, one over 4 KiB is 413, neither echoes what was sent', async () => {
    const bad = await send(url, 'POST', '/api/auth/login', { body: 'password=hunter2hunter2', address: freshAddress() });
    expect(bad.status).toBe(400);
    expect(bad.text).not.toContain('hunter2');
    const big = await send(url, 'POST', '/api/auth/login', { body: { name: 'x', password: 'p'.repeat(5000) }, address: freshAddress() });
    expect(big.status).toBe(413);
  });
});

describe('portal door', () => {
  it('portal door - every LiveRC API route answers 401 JSON without a session or token', async () => {
    for (const [method, path] of LIVERC_ROUTES) {
      const answer = await send(url, method, path);
      expect([method, path, answer.status]).toEqual([method, path, 401]);
      expect(answer.body.error).toMatch(/^not signed in/);
    }
  });

  it('portal door - a state-changing request on a session without its CSRF token is 403; with another session\'s token too', async () => {
    const noCsrf = await api(null, 'POST', `/tracks/${TEST_TRACK.slug}/refresh`, { Cookie: admin.cookie });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error).toMatch(/^missing or wrong CSRF token: send the csrf_token from GET \/api\/auth\/me as the X-CSRF-Token header/);
    const otherToken = await api(null, 'POST', `/tracks/${TEST_TRACK.slug}/refresh`, { Cookie: admin.cookie, 'X-CSRF-Token': member.csrf });
    expect(otherToken.status).toBe(403);
    expect((await send(url, 'POST', '/api/auth/logout', { headers: { Cookie: admin.cookie } })).status).toBe(403);
    // A safe method needs none.
    expect((await api(null, 'GET', '/tracks?q=canb', { Cookie: admin.cookie })).status).toBe(200);
  });

  it('portal door - a member may search and list events but not sync tracks, refresh a track or import again (403); an admin may', async () => {
    expect((await api(member, 'GET', '/tracks?q=canb')).status).toBe(200);
    for (const path of ['/tracks/sync', `/tracks/${TEST_TRACK.slug}/refresh`, '/events/610001/import?reingest=true']) {
      const refused = await api(member, 'POST', path);
      expect([path, refused.status]).toEqual([path, 403]);
      expect(refused.body.error).toMatch(/^only admins may/);
    }
    expect((await api(admin, 'POST', '/tracks/sync')).body).toMatchObject({ tracks: 5 });
    expect((await api(admin, 'POST', `/tracks/${TEST_TRACK.slug}/refresh`)).status).toBe(200);
    expect((await api(member, 'GET', `/tracks/${TEST_TRACK.slug}/events?from=2024-01-01&to=2025-12-31`)).body.events.length).toBe(3);
    expect((await api(admin, 'POST', '/events/610001/import?reingest=true')).status).toBe(202);
  }, 30_000);

  it('portal door - a LiveRC API body over 16 KiB is refused with 413 before anything is done', async () => {
    const res = await fetch(`${url}${LIVERC_API_PREFIX}/tracks/${TEST_TRACK.slug}/refresh`, { method: 'POST', headers: { ...admin.headers('POST'), 'content-type': 'application/json' }, body: JSON.stringify({ padding: 'x'.repeat(20_000) }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'request bodies here are at most 16384 bytes' });
  });

  it('portal door - a member may queue imports up to member_imports_per_hour (a double click not counted), then 429 with Retry-After; admins are not counted', async () => {
    const importer = await signInAs(store, overHttp(url), 'member');
    expect((await api(admin, 'POST', `/tracks/${TEST_TRACK.slug}/refresh`)).status).toBe(200);
    expect((await api(importer, 'POST', '/events/610002/import')).status).toBe(202);
    // A second click on a queued import finds its job and is not counted.
    expect((await api(importer, 'POST', '/events/610002/import')).body).toMatchObject({ duplicate: true });
    expect((await api(importer, 'POST', '/events/610003/import')).status).toBe(202);
    const limited = await api(importer, 'POST', '/events/610001/import');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(limited.body).toMatchObject({ code: 'member_import_limit', error: expect.stringMatching(/^you have queued 2 imports this hour, the most a member may: try again in \d+ min$/) });
    for (let i = 0; i < 3; i++) expect((await api(admin, 'POST', '/events/610001/import')).status).toBe(202);
  }, 30_000);

  it('portal door - logout ends the session; so do a password change, a role change and removing the user', async () => {
    const first = await signInAs(store, overHttp(url), 'member');
    const second = await logIn(overHttp(url), first.name, first.password);
    const out = await send(url, 'POST', '/api/auth/logout', { headers: first.headers('POST') });
    expect(out.status).toBe(200);
    expect(cookieOf(out.headers, 'mre_session')!.attributes).toContain('max-age=0');
    // Logout ends every session of the user, the one on the other device too.
    for (const gone of [first, second]) {
      const answer = await api(gone, 'GET', '/tracks?q=canb');
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('your session has ended: sign in again');
    }
    const NEW = 'a-brand-new-password';
    const steps: [string, () => Promise<unknown>][] = [
      ['password change', () => store.setPassword(first.name, NEW)],
      ['role change', () => store.update(first.name, () => ({ role: 'admin' }))],
      ['removal', () => store.remove(first.name)],
    ];
    for (const [i, [what, change]] of steps.entries()) {
      const session = await logIn(overHttp(url), first.name, i === 0 ? first.password : NEW);
      expect([what, (await api(session, 'GET', '/tracks?q=canb')).status]).toEqual([what, 200]);
      await change();
      expect([what, (await api(session, 'GET', '/tracks?q=canb')).status]).toEqual([what, 401]);
    }
  }, 30_000);

  it('portal door - an admin\'s API token works as Bearer with no cookie or CSRF token, and not once revoked or its user removed', async () => {
    const owner = await signInAs(store, overHttp(url), 'admin');
    const { token, record } = await issueApiToken(store, (await store.get(owner.name))!);
    const bearer = { Authorization: `Bearer ${token}` };
    expect((await api(null, 'POST', `/tracks/${TEST_TRACK.slug}/refresh`, bearer)).status).toBe(200);
    expect((await send(url, 'GET', '/api/auth/me', { headers: bearer })).body).toMatchObject({ user: { name: owner.name, role: 'admin' }, via: 'token', csrf_token: null });
    const altered = await api(null, 'GET', '/tracks?q=canb', { Authorization: `Bearer ${token.slice(0, -2)}xx` });
    expect(altered.status).toBe(401);
    await store.revokeToken(record.id);
    expect((await api(null, 'GET', '/tracks?q=canb', bearer)).status).toBe(401);
    const second = await issueApiToken(store, (await store.get(owner.name))!);
    await store.remove(owner.name);
    expect((await api(null, 'GET', '/tracks?q=canb', { Authorization: `Bearer ${second.token}` })).status).toBe(401);
  });
});
