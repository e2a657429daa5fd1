/** @module Helpers for appliance tests: temp data dirs, polling, reading a log directory without writing to it, free ports. */
import { createServer } from 'node:net';
import { Level } from 'level';
import type { Envelope } from '../../../shared/contracts/index.ts';
import { ENVELOPE_RANGE } from '../../../appliance/log/keys.ts';

/** Polls until `check` returns a value other than undefined/false, or fails naming what it waited for. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every envelope in a log directory, in log order; opens LevelDB directly so reading adds no boot record. */
export async function readLogDir(dir: string): Promise<Envelope[]> {
  const db = new Level<string, string>(dir);
  await db.open();
  try {
    return (await db.values(ENVELOPE_RANGE).all()).map((v) => JSON.parse(v) as Envelope);
  } finally {
    await db.close();
  }
}

export const passingNumbers = (envelopes: Envelope[]) =>
  envelopes.filter((e) => e.message_type === 'PASSING').map((e) => (e.payload.record as { passing_number: number }).passing_number);

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
