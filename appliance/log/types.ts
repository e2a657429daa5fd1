/** @module What goes into the envelope log and what comes out of it. */
import type { Envelope } from '../../shared/contracts/index.ts';

/** One record to log; the log adds id, seq, boot and track fields. */
export interface LogEntry {
  message_type: Envelope['message_type'];
  captured_at_us: number;
  payload: Record<string, unknown>;
  /** For PASSING entries: the key that makes a replayed passing a duplicate. */
  passing?: { decoder_id: number; passing_number: number };
}

export interface StoredEnvelope {
  lsn: number;
  envelope: Envelope;
}

export type DiskState = 'ok' | 'low' | 'full';

export interface LogStats {
  boot_id: string;
  last_seq: number;
  last_lsn: number;
  sync_cursor: number;
  unsynced: number;
  /** fsynced batches this boot; envelopes per batch shows how well group commit works. */
  batches_written: number;
  size_bytes: number;
  disk: DiskState;
  disk_free_bytes: number | null;
  /** Why intake is stopped, when it is. */
  refusing: string | null;
}

/** Thrown by append when the log will not take more: the disk is full or the size cap is reached. */
export class LogFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogFullError';
  }
}

/** One operation of an atomic LevelDB batch over the log's string keys and values. */
export type BatchOp = { type: 'put'; key: string; value: string } | { type: 'del'; key: string };
