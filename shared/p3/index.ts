/** @module The P3 codec: streaming decoder, record decoding, encoder, host requests and the passing-number tracker. */
export * from './constants.ts';
export { p3Crc } from './crc.ts';
export { escapeFrame, unescapeFrame } from './escape.ts';
export { checkFrame, type FrameFault, type P3Frame } from './frame.ts';
export { FrameScanner, type ScannerCounts } from './scanner.ts';
export { decodeRecord, recordTypeName } from './records.ts';
export type * from './record-types.ts';
export { P3Decoder, decodeAll, type DecodedFrame, type DecoderCounts, type P3DecoderOptions } from './decoder.ts';
export { buildFrame, encodeFrame, encodeRecord, type FrameSpec, type RawField } from './encoder.ts';
export { clearPassingRequest, getTimeRequest, resendRequest, versionRequest } from './requests.ts';
export { PassingTracker, type PassingObservation, type TrackerCounts } from './tracker.ts';
export { HexTextError, HexTextReader, hexTextToBytes } from './hex-text.ts';
export { P3DecodeStream } from './stream.ts';
export { fromHex, toHex } from './values.ts';
