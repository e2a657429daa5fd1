/** @module The addresses the box answers on: one for a fixed http.host, every LAN IPv4 address plus localhost when it listens on all interfaces. */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/** `0.0.0.0` and `::` listen on every interface. */
export function listensEverywhere(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** Non-internal IPv4 addresses: the ones a spectator's phone on the track's Wi-Fi can reach. */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  return Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal)
    .map((i) => i.address);
}

const origin = (host: string, port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/** The URL the box itself uses to reach its HTTP server (loopback when it listens everywhere). */
export function localUrl(host: string, port: number): string {
  return origin(listensEverywhere(host) ? '127.0.0.1' : host, port);
}

/**
 * The origins to hand out, best first: each LAN address, then `localhost`, when listening
 * everywhere; otherwise just the configured host.
 */
export function publicUrls(host: string, port: number, interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  if (!listensEverywhere(host)) return [origin(host, port)];
  return [...lanAddresses(interfaces).map((a) => origin(a, port)), origin('localhost', port)];
}
