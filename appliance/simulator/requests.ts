/** @module Answers to what a host sends a decoder: GET_TIME, VERSION and RESEND (p3-protocol.md §1.7); anything else is logged and ignored. */
import type { P3Record } from '../../shared/p3/index.ts';
import type { Logger } from '../../shared/log/index.ts';
import { getTimeFrame, versionFrame } from './frames.ts';
import type { PassingHistory } from './history.ts';
import type { DecoderProfile } from './types.ts';

export interface RequestContext {
  profile: DecoderProfile;
  decoderId: () => number;
  /** The decoder's clock now, µs. */
  rtcNowUs: () => number;
  history: PassingHistory;
  log: Logger;
}

/** The frames to send back to whoever sent `record` (empty: nothing to say). */
export function answerRequest(record: P3Record, peer: string, ctx: RequestContext): Uint8Array[] {
  switch (record.type) {
    case 'GET_TIME': {
      const now = ctx.rtcNowUs();
      ctx.log.debug('request', { type: record.type, peer, rtc_time_us: now });
      return [getTimeFrame(now, ctx.decoderId())];
    }
    case 'VERSION':
      ctx.log.debug('request', { type: record.type, peer });
      return [versionFrame(ctx.profile, ctx.decoderId())];
    case 'RESEND': {
      // RESEND is community-documented only (§1.7): an absent UNTIL is read as a single passing.
      const from = record.from ?? 0;
      const until = record.until ?? from;
      const frames = ctx.history.range(from, until);
      ctx.log.debug('request', { type: record.type, peer, from, until, resent: frames.length });
      return frames;
    }
    default:
      ctx.log.debug('request ignored', { type: record.type, peer });
      return [];
  }
}
