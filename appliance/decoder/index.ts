/** @module The decoder link: connects to a P3 decoder over TCP or serial, keeps the connection alive, hands records on. */
export { createDecoderLink } from './link.ts';
export { DEFAULT_P3_PORT, parseSource, type DecoderSource } from './source.ts';
export type { DecoderLink, DecoderLinkOptions, LinkEvents, LinkState, LinkStatus } from './types.ts';
