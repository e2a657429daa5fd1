/** @module LevelDB key layout of the envelope log: zero-padded numbers so byte order is log order. */

const pad = (n: number, width: number) => n.toString().padStart(width, '0');

/** Log sequence number: one counter across boots, so keys iterate in the order envelopes were written. */
export const envelopeKey = (lsn: number) => `e!${pad(lsn, 16)}`;
export const ENVELOPE_RANGE = { gt: 'e!', lt: 'e"' } as const;
export const lsnOfKey = (key: string) => Number(key.slice(2));

/**
 * (decoder_id, passing_number) → JSON `[[epoch, lsn, fingerprint], …]`, one entry per counting
 * epoch that used the number: a reconnect's replay is recognised across restarts and counter
 * resets, and a new passing that reuses a number after a reset is not mistaken for it.
 */
export const passingKey = (decoderId: number, passingNumber: number) => `p!${pad(decoderId, 10)}!${pad(passingNumber, 10)}`;
export const passingRange = (decoderId: number) => ({ gt: `p!${pad(decoderId, 10)}!`, lt: `p!${pad(decoderId, 10)}"` });
export const PASSING_INDEX_RANGE = { gt: 'p!', lt: 'p"' } as const;

/** lsn of every PASSING envelope, for "latest passings" without walking STATUS records. */
export const passingByLsnKey = (lsn: number) => `x!${pad(lsn, 16)}`;
export const PASSING_BY_LSN_RANGE = { gt: 'x!', lt: 'x"' } as const;

/** decoder_id → its current counting epoch `{epoch, first, last}`, written with the passings that move it. */
export const decoderEpochKey = (decoderId: number) => `d!${pad(decoderId, 10)}`;
export const DECODER_EPOCH_RANGE = { gt: 'd!', lt: 'd"' } as const;

/** decoder_id → the passing numbers its current epoch is still missing, `[[from, to], …]`, written with the passings that open or fill them. */
export const decoderHolesKey = (decoderId: number) => `h!${pad(decoderId, 10)}`;
export const DECODER_HOLES_RANGE = { gt: 'h!', lt: 'h"' } as const;

/** Records refused while the log could not write, over the log's life: `{records, passings}`. */
export const REFUSED_KEY = 'm!refused';
/** Envelopes up to and including this lsn have reached the cloud. */
export const CURSOR_KEY = 'm!sync_cursor';
/** The boots this log has seen, for status and audits. */
export const bootKey = (bootId: string) => `b!${bootId}`;
