/** @module A portal user made through the real accounts code and signed in through the real login route: the cookie and CSRF token a test sends with its API calls. */
import { randomBytes } from 'node:crypto';
import type { UserStore } from '../../cloud/accounts/user-store.ts';
import type { Role } from '../../cloud/accounts/user.ts';
import type { CloudService } from '../../cloud/service/cloud-service.ts';

/** A session secret for test clouds (at least 32 bytes). */
export const TEST_SESSION_SECRET = 'test-session-secret-of-at-least-32-bytes!';

/** Any way to send a request to the cloud: `cloud.app.request` in process, or fetch against its URL. */
export type Send = (path: string, init?: RequestInit) => Promise<Response>;

export interface Login {
  name: string;
  password: string;
  /** `mre_session=…`, as a Cookie header. */
  cookie: string;
  csrf: string;
  /** The headers a request of this method needs: the cookie, and for a state-changing one the CSRF token. */
  headers(method?: string): Record<string, string>;
}

let made = 0;

export const inProcess = (cloud: CloudService): Send => (path, init) => Promise.resolve(cloud.app.request(path, init));
export const overHttp = (url: string): Send => (path, init) => fetch(`${url}${path}`, init);

export async function logIn(send: Send, name: string, password: string): Promise<Login> {
  const res = await send('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
  if (res.status !== 200) throw new Error(`login as ${name} answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { csrf_token: string };
  const session = res.headers.getSetCookie().find((c) => c.startsWith('mre_session='));
  if (!session) throw new Error('login set no mre_session cookie');
  const cookie = session.split(';')[0]!;
  return {
    name,
    password,
    cookie,
    csrf: body.csrf_token,
    headers: (method = 'GET') => ({ Cookie: cookie, ...(['GET', 'HEAD'].includes(method) ? {} : { 'X-CSRF-Token': body.csrf_token }) }),
  };
}

/** Adds a user with a fresh name and random password, then signs in. */
export async function signInAs(store: UserStore, send: Send, role: Role, name = `${role}-${++made}-${randomBytes(3).toString('hex')}`): Promise<Login> {
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  await store.create({ name, role, password });
  return logIn(send, name, password);
}

/** The same, against a cloud started in this process (with the liverc role). */
export function signIn(cloud: CloudService, role: Role = 'admin'): Promise<Login> {
  if (!cloud.liverc) throw new Error('the cloud runs no liverc role, so no accounts');
  return signInAs(cloud.liverc.accounts.store, inProcess(cloud), role);
}
