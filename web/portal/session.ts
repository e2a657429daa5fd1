/** @module The portal's session: who is signed in (GET /api/auth/me), sign in and sign out; the CSRF token each answer carries is handed to the API helper. */
import { api, ApiError, setCsrf, type PortalUser } from './api.ts';

interface SignedIn {
  user: PortalUser;
  csrf_token: string | null;
}

/** The signed-in user, or null when the cookie is missing or the session has ended. */
export async function whoAmI(): Promise<PortalUser | null> {
  try {
    const me = await api<SignedIn>('/api/auth/me');
    setCsrf(me.csrf_token);
    return me.user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signIn(name: string, password: string): Promise<PortalUser> {
  const answer = await api<SignedIn>('/api/auth/login', { method: 'POST', body: { name, password } });
  setCsrf(answer.csrf_token);
  return answer.user;
}

export async function signOut(): Promise<void> {
  try {
    await api('/api/auth/logout', { method: 'POST' });
  } finally {
    setCsrf(null);
  }
}
