/** @module The admin console's requests: `/api/admin` (box tokens, users, jobs, driver links) and the LiveRC API's admin routes (track sync, a track's events, a re-import), through the portal's own API helper. */
import { api, LIVERC, type JobState } from '../portal/api.ts';

export const ADMIN = '/api/admin';

/** A box token as the list shows it: never the token itself, which only the issue answer carries. */
export interface BoxToken {
  jti: string;
  track_id: string;
  client_id: string;
  issued_at: string;
  issued_by: string;
  revoked: boolean;
  revoked_at: string | null;
}

export interface AdminUser {
  name: string;
  role: 'admin' | 'member';
  display_name: string | null;
  created_at: string;
}

/** A member-driver pair with what it rests on (cloud/admin/driver-link-routes.ts). */
export interface DriverLink {
  user: { user_id: string; name: string | null; transponders: string[] };
  driver_key: string;
  driver_name: string | null;
  status: 'suggested' | 'conflict' | 'confirmed' | 'rejected';
  similarity: number;
  events: { event_id: string; name: string | null; date: string | null; match_type: 'transponder' | 'name' | 'fuzzy'; transponder: string | null; similarity: number; status: string }[];
  events_total: number;
  competing: { user_id: string; name: string | null; status: string }[];
}

export type JobSummary = Omit<JobState, 'log'> & { log_lines: number };

const json = (method: string, body?: unknown) => ({ method, ...(body === undefined ? {} : { body }) });
const part = encodeURIComponent;

export const adminApi = {
  boxTokens: () => api<{ tokens: BoxToken[] }>(`${ADMIN}/box-tokens`).then((a) => a.tokens),
  issueBoxToken: (track_id: string, client_id: string) => api<BoxToken & { token: string }>(`${ADMIN}/box-tokens`, json('POST', { track_id, client_id })),
  revokeBoxToken: (jti: string) => api<{ jti: string; revoked_at: string }>(`${ADMIN}/box-tokens/${part(jti)}/revoke`, json('POST')),
  users: () => api<{ users: AdminUser[] }>(`${ADMIN}/users`).then((a) => a.users),
  addUser: (name: string, role: AdminUser['role'], password: string) => api<{ user: AdminUser }>(`${ADMIN}/users`, json('POST', { name, role, password })),
  setRole: (name: string, role: AdminUser['role']) => api<{ user: AdminUser }>(`${ADMIN}/users/${part(name)}/role`, json('PUT', { role })),
  removeUser: (name: string) => api<{ removed: string }>(`${ADMIN}/users/${part(name)}`, json('DELETE')),
  driverLinks: (status: string, after: string | null) =>
    api<{ links: DriverLink[]; next: string | null }>(`${ADMIN}/driver-links?status=${part(status)}&limit=50${after ? `&after=${part(after)}` : ''}`),
  decideDriverLink: (verb: 'confirm' | 'reject', link: DriverLink) =>
    api<{ link: DriverLink }>(`${ADMIN}/driver-links/${verb}`, json('POST', { user_id: link.user.user_id, driver_key: link.driver_key })),
  jobs: () => api<{ jobs: JobSummary[] }>(`${ADMIN}/jobs`).then((a) => a.jobs),
  syncTracks: () => api<{ tracks: number; added: number; updated: number; inactive: number }>(`${LIVERC}/tracks/sync`, json('POST')),
  refreshEvents: (slug: string) => api<{ track: string; events: number; added: string[]; updated: number }>(`${LIVERC}/tracks/${part(slug)}/refresh`, json('POST')),
  reingest: (eventId: string) => api<{ job?: JobState; duplicate?: boolean; status?: string }>(`${LIVERC}/events/${part(eventId)}/import?reingest=true`, json('POST')),
};
