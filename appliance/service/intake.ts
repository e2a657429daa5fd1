/** @module Decoder records into the log: repeats dropped, gaps logged as GAP envelopes, everything durable before anyone else sees it. */
import { PassingTracker, toHex, type DecodedFrame, type PassingRecord } from '../../shared/p3/index.ts';
import { SafeListeners } from '../../shared/events/index.ts';
import { createLogger } from '../../shared/log/index.ts';
import type { Envelope } from '../../shared/contracts/index.ts';
import { LogFullError, type EnvelopeLog, type LogEntry, type StoredEnvelope } from '../log/index.ts';

export interface IntakeCounts {
  passings_this_boot: number;
  records_this_boot: number;
  duplicates_dropped: number;
  gaps: number;
  missing_passings: number;
  refused_log_full: number;
}

export interface IntakeOptions {
  log: EnvelopeLog;
  /** Ask the decoder for missing passings (optional: no capture proves decoders answer). */
  requestResend?: (decoderId: number, from: number, until: number) => void;
  /** Highest passing number already logged per decoder, so a gap across a restart is seen. */
  lastLogged?: Map<number, number>;
}

export class Intake {
  private readonly tracker = new PassingTracker();
  private readonly log = createLogger('appliance:intake');
  private readonly listeners = new SafeListeners<{ stored: [StoredEnvelope] }>(this.log, 'intake');
  private fullWarned = false;
  lastPassing: Envelope | undefined;
  readonly counts: IntakeCounts = { passings_this_boot: 0, records_this_boot: 0, duplicates_dropped: 0, gaps: 0, missing_passings: 0, refused_log_full: 0 };

  constructor(private readonly options: IntakeOptions) {
    for (const [decoder, last] of options.lastLogged ?? []) this.tracker.observe(decoder, last);
  }

  /** Called for each stored envelope, in log order, after it is on disk. */
  onStored(listener: (stored: StoredEnvelope) => void): void {
    this.listeners.on('stored', listener);
  }

  /**
   * Takes one decoded record off the link; resolves once it is durable (or refused). The
   * record reaches the log's queue before this returns, so calls keep their order.
   */
  async accept({ record, frame }: DecodedFrame, receivedAtUs: number): Promise<void> {
    const payload = { record, raw_hex: toHex(frame.raw), received_at_us: receivedAtUs };
    const entries: LogEntry[] = [];
    if (record.type === 'PASSING' && record.decoder_id !== undefined && record.passing_number !== undefined) {
      if (!this.checkPassing(record as PassingRecord & { decoder_id: number; passing_number: number }, receivedAtUs, entries)) return;
      entries.push({ message_type: 'PASSING', captured_at_us: receivedAtUs, payload, passing: { decoder_id: record.decoder_id, passing_number: record.passing_number } });
    } else {
      entries.push({ message_type: record.type as LogEntry['message_type'], captured_at_us: receivedAtUs, payload });
    }
    await this.write(entries);
  }

  /** Classifies a passing; queues a GAP entry when numbers were skipped. False when it is a repeat. */
  private checkPassing(record: PassingRecord & { decoder_id: number; passing_number: number }, at: number, entries: LogEntry[]): boolean {
    const seen = this.tracker.observe(record.decoder_id, record.passing_number);
    if (seen.kind === 'repeat') {
      this.counts.duplicates_dropped++;
      return false;
    }
    if (seen.kind === 'gap') {
      this.counts.gaps++;
      this.counts.missing_passings += seen.missing;
      this.log.warn('passing numbers missing', { decoder_id: record.decoder_id, from: seen.from, to: seen.to, missing: seen.missing });
      entries.push({ message_type: 'GAP', captured_at_us: at, payload: { decoder_id: record.decoder_id, from: seen.from, to: seen.to, missing: seen.missing } });
      this.options.requestResend?.(record.decoder_id, seen.from, seen.to);
    }
    if (seen.kind === 'reset') this.log.warn('decoder passing counter reset', { decoder_id: record.decoder_id, previous: seen.previous, now: record.passing_number });
    return true;
  }

  private async write(entries: LogEntry[]): Promise<void> {
    let stored: (StoredEnvelope | null)[];
    try {
      stored = await this.options.log.append(entries);
    } catch (error) {
      if (!(error instanceof LogFullError)) throw error;
      this.counts.refused_log_full += entries.length;
      if (!this.fullWarned) this.log.error('record refused: log is not taking records', { reason: error.message });
      this.fullWarned = true;
      return;
    }
    this.fullWarned = false;
    for (const item of stored) {
      if (!item) {
        this.counts.duplicates_dropped++;
        continue;
      }
      this.counts.records_this_boot++;
      if (item.envelope.message_type === 'PASSING') {
        this.counts.passings_this_boot++;
        this.lastPassing = item.envelope;
      }
      this.listeners.emit('stored', item);
    }
  }
}
