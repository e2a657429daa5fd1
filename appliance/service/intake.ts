/** @module Decoder records into the log: absurd values refused, true repeats dropped, gaps and counter resets reported, everything durable before anyone else sees it. */
import { toHex, type DecodedFrame, type P3Record } from '../../shared/p3/index.ts';
import { SafeListeners } from '../../shared/events/index.ts';
import { createLogger, RateLimitedWarning } from '../../shared/log/index.ts';
import type { Envelope } from '../../shared/contracts/index.ts';
import type { IntakeCounts } from '../../shared/contracts/status.ts';
import { LogFullError, type EnvelopeLog, type LogEntry, type StoredEnvelope } from '../log/index.ts';
import { passingFingerprint } from '../log/passing-index.ts';
import { implausibleTime, PassingFrontier } from '../../shared/p3/plausible.ts';

export interface IntakeOptions {
  log: EnvelopeLog;
  /** Ask the decoder for missing passings (optional: no capture proves decoders answer). */
  requestResend?: (decoderId: number, from: number, until: number) => void;
  /** Highest passing number of each decoder's current counting epoch, so an absurd jump across a restart is seen. */
  lastLogged?: Map<number, number>;
  /** At most one summary line per kind of warning per interval (default a minute). */
  warnIntervalMs?: number;
  /** Given the seconds each append took from handing the record to the log to it being on disk (a metrics histogram). */
  onAppended?: (seconds: number) => void;
}

/** What one decoder link's records became this run. */
export interface SourceCounts {
  records: number;
  passings: number;
}

type PassingWithNumber = P3Record & { type: 'PASSING'; decoder_id: number; passing_number: number; rtc_time_us?: number; utc_time_us?: number };

export class Intake {
  private readonly log = createLogger('appliance:intake');
  private readonly listeners = new SafeListeners<{ stored: [StoredEnvelope] }>(this.log, 'intake');
  private readonly frontier: PassingFrontier;
  private readonly missingWarning: RateLimitedWarning;
  private readonly resetWarning: RateLimitedWarning;
  private readonly badWarning: RateLimitedWarning;
  private fullWarned = false;
  lastPassing: Envelope | undefined;
  readonly counts: IntakeCounts = {
    passings_this_boot: 0, records_this_boot: 0, duplicates_dropped: 0, gaps: 0, missing_passings: 0, refused_log_full: 0,
    counter_resets: 0, late_passings: 0, bad_records: 0, bad_record_reasons: {},
  };
  /** `records_this_boot` and `passings_this_boot` split by the link a record came in on (its configured source). */
  readonly bySource = new Map<string, SourceCounts>();

  constructor(private readonly options: IntakeOptions) {
    this.frontier = new PassingFrontier(options.lastLogged);
    const intervalMs = options.warnIntervalMs;
    this.missingWarning = new RateLimitedWarning(this.log, 'passing numbers missing', { intervalMs });
    this.resetWarning = new RateLimitedWarning(this.log, 'decoder passing counter went back, new counting epoch', { intervalMs });
    this.badWarning = new RateLimitedWarning(this.log, 'decoder record refused as bad', { intervalMs, tallyField: 'reasons' });
    // Passings refused while the disk was full are written as a GAP by the log once it can write: ask for them back.
    options.log.onCommitted((stored) => {
      for (const { envelope } of stored) if (envelope.message_type === 'GAP' && envelope.payload.reason === 'refused_log_full') this.refusedGap(envelope.payload);
    });
  }

  /** Called for each stored envelope, in log order, after it is on disk. */
  onStored(listener: (stored: StoredEnvelope) => void): void {
    this.listeners.on('stored', listener);
  }

  /**
   * Takes one decoded record off the link; resolves once it is durable (or refused). The
   * record reaches the log's queue before this returns, so calls keep their order. `source` names
   * the link it came in on, for the per-link counts.
   */
  async accept({ record, frame }: DecodedFrame, receivedAtUs: number, source?: string): Promise<void> {
    const bad = this.implausible(record, receivedAtUs);
    if (bad) return this.refuseBad(record, bad, toHex(frame.raw));
    const payload = { record, raw_hex: toHex(frame.raw), received_at_us: receivedAtUs };
    const entry: LogEntry = { message_type: record.type as LogEntry['message_type'], captured_at_us: receivedAtUs, payload };
    if (isNumberedPassing(record)) entry.passing = { decoder_id: record.decoder_id, passing_number: record.passing_number, fingerprint: passingFingerprint(record) };
    await this.write([entry], source);
  }

  /** Writes pending warning summaries and stops their timers. */
  stop(): void {
    for (const warning of [this.missingWarning, this.resetWarning, this.badWarning]) {
      warning.flush();
      warning.stop();
    }
  }

  private implausible(record: P3Record, receivedAtUs: number): string | undefined {
    const times = record as { rtc_time_us?: number; utc_time_us?: number };
    if (record.type === 'PASSING' || record.type === 'GET_TIME') {
      const clock = implausibleTime(times.rtc_time_us, receivedAtUs) ?? implausibleTime(times.utc_time_us, receivedAtUs);
      if (clock) return clock;
    }
    if (isNumberedPassing(record) && !this.frontier.accept(record.decoder_id, record.passing_number)) return 'passing_number_jump';
    return undefined;
  }

  private refuseBad(record: P3Record, reason: string, hex: string): void {
    this.counts.bad_records++;
    this.counts.bad_record_reasons[reason] = (this.counts.bad_record_reasons[reason] ?? 0) + 1;
    const r = record as { decoder_id?: number; passing_number?: number; rtc_time_us?: number };
    this.badWarning.add({ type: record.type, decoder_id: r.decoder_id, passing_number: r.passing_number, rtc_time_us: r.rtc_time_us, hex }, reason);
  }

  private async write(entries: LogEntry[], source: string | undefined): Promise<void> {
    let stored: (StoredEnvelope | null)[];
    try {
      const startedAt = performance.now();
      stored = await this.options.log.append(entries);
      this.options.onAppended?.((performance.now() - startedAt) / 1000);
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
      const perSource = this.perSource(source);
      if (item.passing) this.classified(item, perSource);
      this.counts.records_this_boot++;
      if (perSource) perSource.records++;
      if (item.envelope.message_type === 'PASSING') {
        this.counts.passings_this_boot++;
        if (perSource) perSource.passings++;
        this.lastPassing = item.envelope;
      }
      this.listeners.emit('stored', item);
    }
  }

  /** What the log made of a stored passing: its gap (already written before it), a new epoch, a late arrival. */
  private classified({ passing, envelope }: StoredEnvelope, perSource: SourceCounts | undefined): void {
    const { decoder_id, passing_number } = envelope.payload.record as PassingWithNumber;
    if (passing?.kind === 'gap') {
      this.counts.gaps++;
      this.counts.missing_passings += passing.missing;
      this.missingWarning.add({ decoder_id, from: passing.from, to: passing.to, missing: passing.missing, epoch: passing.epoch });
      if (passing.gap) {
        this.counts.records_this_boot++;
        if (perSource) perSource.records++;
        this.listeners.emit('stored', passing.gap);
      }
      this.options.requestResend?.(decoder_id, passing.from, passing.to);
    } else if (passing?.kind === 'reset') {
      this.counts.counter_resets++;
      this.frontier.reset(decoder_id, passing_number);
      this.resetWarning.add({ decoder_id, previous: passing.previous, now: passing_number, epoch: passing.epoch });
    } else if (passing?.kind === 'late') {
      this.counts.late_passings++;
    }
  }

  private perSource(source: string | undefined): SourceCounts | undefined {
    if (source === undefined) return undefined;
    let counts = this.bySource.get(source);
    if (!counts) this.bySource.set(source, (counts = { records: 0, passings: 0 }));
    return counts;
  }

  private refusedGap(gap: Record<string, unknown>): void {
    const { decoder_id, from, to, missing } = gap as { decoder_id: number; from: number; to: number; missing: number };
    this.counts.gaps++;
    this.counts.missing_passings += missing;
    this.log.warn('passings refused while the log was full, recorded as a gap', { decoder_id, from, to, missing, refused: gap.refused as number });
    this.options.requestResend?.(decoder_id, from, to);
  }
}

function isNumberedPassing(record: P3Record): record is PassingWithNumber {
  return record.type === 'PASSING' && record.decoder_id !== undefined && (record as { passing_number?: number }).passing_number !== undefined;
}
