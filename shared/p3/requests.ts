/** @module Host-to-decoder requests: GET_TIME, VERSION, RESEND and CLEAR_PASSING, as wire bytes. */
import { TOR } from './constants.ts';
import { encodeFrame } from './encoder.ts';
import { writeUint } from './values.ts';

const empty = (id: number) => ({ id, value: new Uint8Array(0) });

/**
 * Asks the decoder for its clock. Same shape as the request vmindru's time server sends
 * (version 0, empty RTC_TIME, FLAGS and UTC_TIME fields), with LENGTH filled in.
 */
export function getTimeRequest(): Uint8Array {
  return encodeFrame({ tor: TOR.GET_TIME, version: 0, fields: [empty(0x01), empty(0x04), empty(0x05)] });
}

/** Asks the decoder to describe itself: an empty DECODER_TYPE field, as skoky's client sends on connect. */
export function versionRequest(): Uint8Array {
  return encodeFrame({ tor: TOR.VERSION, fields: [empty(0x01)] });
}

/**
 * Asks the decoder to send passings `from`..`until` again. Community-documented, never seen
 * in a capture: callers keep it optional.
 */
export function resendRequest(from: number, until: number): Uint8Array {
  if (until < from) throw new RangeError(`resend range ${from}..${until} runs backwards`);
  return encodeFrame({
    tor: TOR.RESEND,
    fields: [
      { id: 0x01, value: writeUint(from, 4) },
      { id: 0x02, value: writeUint(until, 4) },
    ],
  });
}

/** Asks the decoder to clear its stored passings. */
export function clearPassingRequest(): Uint8Array {
  return encodeFrame({ tor: TOR.CLEAR_PASSING, fields: [] });
}
