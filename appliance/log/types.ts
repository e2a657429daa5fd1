/** @module What goes into the envelope log and what comes out of it. */
import type { Envelope } from '../../shared/contracts/index.ts';
// Part of the box's status document, so the shapes live with the contracts.
import type { DiskState, LogStats } from '../../shared/contracts/status.ts';

/** One record to log; the log adds id, seq, boot and track fields. */
export interface LogEntry {
  message_type: Envelope['message_type'];
  captured_at_us: number;
  payload: Record<string, unknown>;
  /** For PASSING entries: what makes a replayed passing a duplicate. */
  passing?: PassingRef;
}

/** A passing as the index knows it. Without a fingerprint, any passing with the same number is a repeat. */
export interface PassingRef {
  decoder_id: number;
  passing_number: number;
  /** RTC time and transponder (`passingFingerprint`): a true repeat has the same. */
  fingerprint?: string;
}

/** What the log made of a passing, relative to its decoder's counting epoch. */
export type PassingVerdict =
  | { kind: 'repeat' }
  | { kind: 'first' | 'next' | 'late'; epoch: number }
  /** Numbers `from`..`to` of this epoch never arrived; the log wrote a GAP envelope for them first. */
  | { kind: 'gap'; epoch: number; from: number; to: number; missing: number }
  /** The counter went back: a new epoch begins with this passing; `previous` ended the old one. */
  | { kind: 'reset'; epoch: number; previous: number };

export interface StoredEnvelope {
  lsn: number;
  envelope: Envelope;
  /** For a stored PASSING: how it relates to its decoder's counting, and the GAP written before it, if any. */
  passing?: Exclude<PassingVerdict, { kind: 'repeat' }> & { gap?: StoredEnvelope };
}

export type { DiskState, LogStats };

/** Thrown by append when the log will not take more: the disk is full or the size cap is reached. */
export class LogFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogFullError';
  }
}

/** One operation of an atomic LevelDB batch over the log's string keys and values. */
export type BatchOp = { type: 'put'; key: string; value: string } | { type: 'del'; key: string };
