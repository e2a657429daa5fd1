/** @module A fake LiveRC on loopback for connector suites: saved pages by logical host and path, fault injection, a request log. */
export { startFakeLiveRc, splitHost, CATALOGUE_HOST, FAKE_BASE_DOMAIN, type FakeLiveRc, type LoggedRequest } from './server.ts';
export { times, type Fault, type PageSource, type RouteOptions } from './routes.ts';
