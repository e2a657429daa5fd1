/**
 * @module The Host header check against DNS rebinding: a page from another site that points its own
 * name at the box's address still sends its own name as Host, so only the names the box answers to
 * (an IP literal, its configured hostnames, its machine name, `<name>.local`, `localhost`) get through,
 * on every route and on the live WebSocket upgrade alike.
 */
import { isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { createLogger } from '../../../shared/log/index.ts';
import { refuse } from '../../../shared/live/index.ts';
import { clientAddress } from './client-address.ts';
import { LogThrottle } from './log-throttle.ts';

const log = createLogger('appliance:http');

export interface HostGuardOptions {
  /** Names from `http.hostnames` (MRE_HTTP_HOSTNAMES). */
  hostnames: readonly string[];
  /** The machine's own name (os.hostname()); it and `<name>.local` are allowed. */
  machineName: string;
}

const normalize = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

/** The host part of a Host header: `[v6]:port`, `v4:port`, `name:port`, or without a port; null when malformed. */
export function hostOf(header: string): string | null {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0 || !/^(:\d{1,5})?$/.test(value.slice(end + 1))) return null;
    return value.slice(0, end + 1);
  }
  const match = /^([^:]+)(:\d{1,5})?$/.exec(value);
  return match ? normalize(match[1]!) : null;
}

export function allowedHosts(options: HostGuardOptions): Set<string> {
  const names = new Set(['localhost', ...options.hostnames.map(normalize)]);
  const machine = normalize(options.machineName);
  if (machine) {
    names.add(machine);
    names.add(`${machine.split('.')[0]}.local`);
  }
  return names;
}

export function hostAllowed(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (header === undefined) return false;
  const host = hostOf(header);
  if (host === null) return false;
  if (host.startsWith('[')) return isIP(host.slice(1, -1)) === 6;
  return isIP(host) === 4 || allowed.has(host);
}

export function hostGuard(options: HostGuardOptions): MiddlewareHandler {
  const allowed = allowedHosts(options);
  const listed = [...allowed].map((n) => JSON.stringify(n)).join(', ');
  const warnings = new LogThrottle(log, { intervalMs: 60_000, maxLinesPerInterval: 10, maxKeys: 1024 });
  return async (c: Context, next) => {
    const header = c.req.header('host');
    if (hostAllowed(header, allowed)) return next();
    const host = header === undefined ? '(none)' : JSON.stringify(header.slice(0, 100));
    warnings.warn(`host:${header ?? ''}`.slice(0, 120), 'refused a request for a host this box does not answer to', { host, remote: clientAddress(c), path: c.req.path });
    // 421 Misdirected Request (RFC 9110 §15.5.20): this server is not the one for that name.
    return refuse(
      c,
      421,
      `this box does not answer to the host ${host}: open it by its IP address or as ${listed}, or add the name to http.hostnames (MRE_HTTP_HOSTNAMES, comma-separated) and restart`,
    );
  };
}
