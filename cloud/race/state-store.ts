/**
 * @module Each track's saved engine state in the `mre_race_state` object store: one object per
 * track holding the state, the raw stream position it covers and the dedupe marks that go with
 * it, so a worker that takes the track over resumes there instead of replaying the week.
 */
import type { ObjectStore } from '@nats-io/obj';
import { z } from 'zod';
import { createLogger } from '../../shared/log/index.ts';
import { RaceEngine } from '../../shared/race/index.ts';
import type { MarkEntry } from './dedupe-marks.ts';

const log = createLogger('cloud:race');

const FORMAT = 1;

const markSchema = z.tuple([z.string(), z.strictObject({ seq: z.number().int().positive(), raw_seq: z.number().int().positive() })]);

const metaSchema = z.strictObject({
  v: z.literal(FORMAT),
  track_id: z.string(),
  /** The last raw stream sequence applied; the consumer resumes after it. */
  raw_seq: z.number().int().nonnegative(),
  /** Idempotency key of the last envelope applied, or null before the first. */
  through: z.string().nullable(),
  marks: z.array(markSchema),
  saved_at: z.string(),
});

export type CheckpointMeta = z.infer<typeof metaSchema>;

export interface Checkpoint {
  meta: CheckpointMeta;
  engine: RaceEngine;
  /** The engine state as saved, so the first retry checkpoint costs no second serialisation. */
  state: string;
}

/** Meta on the first line, the engine state (JSON has no raw newline) after it: the state is parsed once, by the engine. */
export function encodeCheckpoint(meta: Omit<CheckpointMeta, 'v' | 'saved_at'>, state: string): Uint8Array {
  const head: CheckpointMeta = { v: FORMAT, ...meta, marks: meta.marks as MarkEntry[], saved_at: new Date().toISOString() };
  return Buffer.from(`${JSON.stringify(head)}\n${state}`, 'utf8');
}

export function decodeCheckpoint(trackId: string, bytes: Uint8Array): Checkpoint {
  const text = Buffer.from(bytes).toString('utf8');
  const cut = text.indexOf('\n');
  if (cut < 0) throw new Error('no meta line');
  const meta = metaSchema.parse(JSON.parse(text.slice(0, cut)));
  if (meta.track_id !== trackId) throw new Error(`it belongs to track ${meta.track_id}`);
  const state = text.slice(cut + 1);
  return { meta, engine: RaceEngine.fromSnapshot(state), state };
}

export class StateStore {
  constructor(private readonly os: ObjectStore) {}

  async save(trackId: string, meta: Omit<CheckpointMeta, 'v' | 'saved_at'>, state: string): Promise<number> {
    const bytes = encodeCheckpoint(meta, state);
    await this.os.putBlob({ name: trackId }, bytes);
    return bytes.length;
  }

  /**
   * The track's saved state, or null when it has none or the one it has cannot be used (another
   * engine version, damage): then the worker replays the track's whole raw stream, which gives
   * the same outcome, only slower.
   */
  async load(trackId: string): Promise<Checkpoint | null> {
    let bytes: Uint8Array | null;
    try {
      bytes = await this.os.getBlob(trackId);
    } catch (error) {
      // A lost chunk or a wrong digest never heals; anything else (NATS away) is retried by the caller.
      if (!/digest|chunk/i.test((error as Error).message)) throw error;
      log.warn('saved race state damaged; replaying the track from the start of its raw stream', { track_id: trackId, err: error as Error });
      return null;
    }
    if (bytes === null) return null;
    try {
      return decodeCheckpoint(trackId, bytes);
    } catch (error) {
      log.warn('saved race state unusable; replaying the track from the start of its raw stream', { track_id: trackId, err: error as Error });
      return null;
    }
  }
}
