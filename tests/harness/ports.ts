/** @module Loopback ports for tests: one nobody listens on right now. */
import { createServer, type AddressInfo } from 'node:net';

/** Binds port 0 on 127.0.0.1, reads the port, releases it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
