/** @module The accounts layer as a cloud process runs it: the user store, the door every portal API route sits behind, and the `/api/auth` routes. */
import type { NatsConnection } from '@nats-io/transport-node';
import type { Hono } from 'hono';
import type { StreamsConfig } from '../ingest/config.ts';
import { resolveSecret } from '../ingest/token-secret.ts';
import { authRoutes } from './auth-routes.ts';
import { SESSION_SECRET, type AccountsConfig } from './config.ts';
import { Door } from './door.ts';
import { LoginGuard } from './login-guard.ts';
import { UserStore } from './user-store.ts';

export { AUTH_API_PREFIX, BAD_LOGIN } from './auth-routes.ts';
export { Door, principalOf, type Principal } from './door.ts';
export { UserStore, AccountError } from './user-store.ts';

export interface Accounts {
  store: UserStore;
  door: Door;
  /** Mounted at AUTH_API_PREFIX. */
  routes: Hono;
  stop(): void;
}

export const sessionSecret = (config: AccountsConfig) => resolveSecret(SESSION_SECRET, config.session_secret, config.session_secret_file);

export async function openAccounts(nc: NatsConnection, config: { accounts: AccountsConfig; streams: StreamsConfig }): Promise<Accounts> {
  // The secret first: a cloud that cannot sign sessions must not start half-way.
  const secret = sessionSecret(config.accounts);
  const store = await UserStore.open(nc, config);
  const door = new Door(store, secret, config.accounts);
  const guard = new LoginGuard(config.accounts);
  return {
    store,
    door,
    routes: authRoutes({ store, secret, config: config.accounts, guard, door }),
    stop() {
      door.stop();
      guard.stop();
    },
  };
}
