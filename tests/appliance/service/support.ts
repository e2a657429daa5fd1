/** @module Helpers for appliance tests: reading a log directory without writing to it, JSON over HTTP; polling and ports come from the harness. */
export { freePort, waitFor } from '../../harness/index.ts';
import { Level } from 'level';
import type { Envelope } from '../../../shared/contracts/index.ts';
import { ENVELOPE_RANGE } from '../../../appliance/log/keys.ts';

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

export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
