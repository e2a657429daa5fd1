/** @module The simulated decoder's real-time clock: the host clock plus the decoder's offset (or a replayed capture's clock), running `speed` times fast. */
import type { DecoderProfile } from './types.ts';

/**
 * Scenario time is physical: at speed 10 a 15 s lap still reads 15 s apart in rtc_time_us
 * while 1.5 s of wall time pass, so the decoder clock runs `speed` times fast from its start.
 * At speed 1 it reads exactly clock() * 1000 + offset, as a real decoder's (wrong) clock would.
 */
export class DecoderClock {
  private startMs: number;
  private startUs: number;

  constructor(
    private readonly clock: () => number,
    offsetUs: number,
    private readonly speed: number,
  ) {
    this.startMs = clock();
    this.startUs = this.startMs * 1000 + offsetUs;
  }

  /** The clock now, as a GET_TIME answer reports it. */
  nowUs(profile: DecoderProfile): number {
    return DecoderClock.resolution(this.startUs + (this.clock() - this.startMs) * 1000 * this.speed, profile);
  }

  /** The clock at scenario time `scenarioUs`, `shiftUs` later for the time spent paused. */
  atUs(scenarioUs: number, shiftUs: number, profile: DecoderProfile): number {
    return DecoderClock.resolution(this.startUs + scenarioUs + shiftUs, profile);
  }

  /**
   * The clock reads `rtcUs` now and runs on from there. A replay sets it from every timed
   * record it sends, so the decoder keeps the capture's time instead of the host's.
   */
  set(rtcUs: number): void {
    this.startMs = this.clock();
    this.startUs = rtcUs;
  }

  /** RC decoders report whole milliseconds, ProChip microseconds (p3-protocol.md §1.5, RTC_TIME facts). */
  static resolution(us: number, profile: DecoderProfile): number {
    return profile === 'rc' ? Math.floor(us / 1000) * 1000 : Math.round(us);
  }
}
