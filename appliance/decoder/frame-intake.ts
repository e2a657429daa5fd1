/** @module What the link does with each frame: counts, decoder identity, clock offset from GET_TIME, and the record/bad events. */
import type { Logger } from '../../shared/log/index.ts';
import { toHex, type DecodedFrame } from '../../shared/p3/index.ts';
import { implausibleTime } from '../../shared/p3/plausible.ts';
import type { SafeListeners } from '../../shared/events/index.ts';
import type { BadFrameLog } from './quiet-log.ts';
import type { LinkEvents, LinkStatus } from './types.ts';

/** Per-connection facts the intake reads and updates. */
export interface ConnectionFacts {
  identified: boolean;
}

export class FrameIntake {
  constructor(
    private readonly st: LinkStatus,
    private readonly log: Logger,
    private readonly listeners: SafeListeners<LinkEvents>,
    private readonly badFrames: BadFrameLog,
  ) {}

  good(conn: ConnectionFacts, decoded: DecodedFrame, receivedAtUs: number): void {
    const { record } = decoded;
    this.st.frames_good++;
    this.st.last_frame_at_us = receivedAtUs;
    if (!conn.identified && record.decoder_id !== undefined) {
      conn.identified = true;
      if (this.st.decoder_id !== record.decoder_id) this.log.info('decoder identified', { source: this.st.source, decoder_id: record.decoder_id });
      this.st.decoder_id = record.decoder_id;
    }
    // Our own request carries no RTC_TIME (its fields are empty), so only the decoder's answer sets the offset.
    // A clock centuries off is a corrupted answer, not an offset: the intake refuses the record as bad.
    if (record.type === 'GET_TIME' && record.rtc_time_us !== undefined && !implausibleTime(record.rtc_time_us, receivedAtUs)) {
      this.st.clock_offset_us = record.rtc_time_us - receivedAtUs;
      this.log.info('decoder clock read', { source: this.st.source, clock_offset_us: this.st.clock_offset_us });
    }
    this.listeners.emit('record', decoded, receivedAtUs);
  }

  bad(decoded: DecodedFrame): void {
    const { frame } = decoded;
    this.st.frames_bad++;
    this.log.debug('bad frame', () => ({ source: this.st.source, fault: frame.fault, detail: frame.faultDetail, hex: toHex(frame.raw) }));
    this.badFrames.add(frame.fault ?? 'unknown', frame.faultDetail);
    this.listeners.emit('bad', decoded);
  }
}
