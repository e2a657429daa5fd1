/** @module The cloud's ingest API (`POST /api/ingest/batch`): its limits, request and answers, as the cloud serves them and the box's sync client reads them. */
import { z } from 'zod';
import { ULID_PATTERN } from '../ids/ulid.ts';

export const INGEST_BATCH_PATH = '/api/ingest/batch';

/** Envelopes one batch may carry; one more is refused with 413. */
export const INGEST_MAX_ENVELOPES = 1_000;

/** Bytes one batch body may hold; the cloud stops reading past this and answers 413. */
export const INGEST_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The request body. Envelopes are checked one by one against the envelope contract by the
 * cloud (so a refusal names the envelope's index); here only the outer shape.
 */
export const ingestBatchRequestSchema = z.strictObject({
  envelopes: z.array(z.unknown(), { error: 'envelopes must be a JSON array' }),
});

export type IngestBatchRequest = { envelopes: unknown[] };

/** 200: every envelope of the batch is stored in JetStream (or already was). */
export const ingestBatchResponseSchema = z.strictObject({
  /** Envelopes stored by this batch. */
  accepted: z.number().int().nonnegative(),
  /** Envelopes JetStream already held (a re-send inside its duplicate window). */
  duplicate: z.number().int().nonnegative(),
  /**
   * Per boot_id: the highest seq such that every seq from the lowest this batch carried for
   * that boot up to it was in the batch and acknowledged. The box may move its cursor there.
   */
  acked: z.record(z.string().regex(ULID_PATTERN, { error: 'acked keys must be boot_ids (ULIDs)' }), z.number().int().positive()),
});

export type IngestBatchResponse = z.infer<typeof ingestBatchResponseSchema>;

/**
 * Every refusal: 400 (bad JSON or envelope), 401 (token), 403 (envelope outside the token's
 * track or client), 413 (too many envelopes or bytes), 429 (too many failed logins from this
 * address; Retry-After), 503 (JetStream unreachable or slow; Retry-After).
 */
export const ingestErrorSchema = z.looseObject({
  error: z.string(),
  /** The envelope at fault, for 400 and 403. */
  index: z.number().int().nonnegative().optional(),
  /** Seconds, as in the Retry-After header (429, 503). */
  retry_after_s: z.number().int().positive().optional(),
});

export type IngestError = z.infer<typeof ingestErrorSchema>;
