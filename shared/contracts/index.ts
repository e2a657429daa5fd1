/** @module Contracts: the zod schemas and types every part of MRE Trackside speaks. */
export * from './envelope.ts';
export * from './idempotency.ts';
export * from './live.ts';
export * from './subjects.ts';
export { assertToken, ContractError, TOKEN_PATTERN, tokenSchema } from './tokens.ts';
export * from "./control.ts";
export type * from './status.ts';
export * from './ingest.ts';
export * from './race-stream.ts';
export * from './dlq.ts';
export * from './meeting.ts';
