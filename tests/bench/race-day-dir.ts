/** @module Writes the generated race day into a real appliance data dir (data_dir/log through the envelope log itself), for replay and cold-start benchmarks. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvelopeLog, type LogEntry } from '../../appliance/log/index.ts';
import type { Envelope } from '../../shared/contracts/index.ts';
import { raceDayLog } from './race-day-log.ts';

const BATCH = 1000;

/** An envelope as the intake or the control desk hands it to the log, which gives it its own id and seq. */
export function entryOf(envelope: Envelope): LogEntry {
  const record = envelope.payload.record as { decoder_id?: number; passing_number?: number } | undefined;
  const passing = envelope.message_type === 'PASSING' && record?.decoder_id !== undefined && record.passing_number !== undefined ? { decoder_id: record.decoder_id, passing_number: record.passing_number } : undefined;
  return { message_type: envelope.message_type, captured_at_us: envelope.captured_at_us, payload: envelope.payload, ...(passing ? { passing } : {}) };
}

/** A data dir whose log holds the race day, or its first `limit` envelopes (without fsync: only reading it is measured). */
export async function raceDayDataDir(limit?: number): Promise<{ dir: string; envelopes: number }> {
  return logDataDir(raceDayLog().envelopes.slice(0, limit));
}

/** A data dir whose log holds these envelopes, written as the box writes them (without fsync). */
export async function logDataDir(envelopes: readonly Envelope[]): Promise<{ dir: string; envelopes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'mre-bench-day-'));
  const log = await EnvelopeLog.open({ dir: join(dir, 'log'), trackId: 'bench', clientId: 'box', sync: false, limits: { minFreeBytes: 0 } });
  for (let i = 0; i < envelopes.length; i += BATCH) await log.append(envelopes.slice(i, i + BATCH).map(entryOf));
  await log.close();
  return { dir, envelopes: envelopes.length };
}
