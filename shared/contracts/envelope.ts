/** @module The `track_ingest.v2` envelope: every decoder record and race-control intent, as logged on the box and ingested by the cloud. */
import { z } from 'zod';
import { ULID_PATTERN } from '../ids/ulid.ts';
import { ContractError, contractErrorFrom, tokenSchema } from './tokens.ts';

export const CONTRACT_VERSION = 'track_ingest.v2';

/**
 * Decoder record types (as `mre decode` names them), `TOR_0x….` for unnamed decoder records,
 * `GAP` for passing numbers that never arrived, and `CONTROL` for race-control intents.
 */
export const NAMED_MESSAGE_TYPES = ['PASSING', 'STATUS', 'VERSION', 'GET_TIME', 'RESEND', 'CLEAR_PASSING', 'ERROR', 'GAP', 'CONTROL'] as const;

export const messageTypeSchema = z.union([
  z.enum(NAMED_MESSAGE_TYPES),
  z.string().regex(/^TOR_0x[0-9A-F]{4}$/, { error: 'expected a P3 record type, TOR_0x…, GAP or CONTROL' }),
]);

const microseconds = z.number().int({ error: 'expected whole microseconds' }).nonnegative({ error: 'expected microseconds since 1970' });
const ulidString = (what: string) => z.string().regex(ULID_PATTERN, { error: `${what} must be a ULID` });

export const envelopeSchema = z.strictObject({
  id: ulidString('id'),
  contract_version: z.literal(CONTRACT_VERSION),
  track_id: tokenSchema('track_id'),
  client_id: tokenSchema('client_id'),
  /** New at every appliance start. */
  boot_id: ulidString('boot_id'),
  /** 1, 2, 3 … per boot_id, with no gaps. */
  seq: z.number().int().positive({ error: 'seq must be a positive integer (1, 2, 3 … per boot)' }),
  captured_at_us: microseconds,
  /** Set by the cloud when it accepts the envelope. */
  ingested_at_us: microseconds.optional(),
  message_type: messageTypeSchema,
  payload: z.record(z.string(), z.unknown(), { error: 'payload must be a JSON object' }),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/**
 * Validates an envelope. The contract version is checked first, so an envelope from a newer
 * or older contract is refused by name, not by whichever field happens to differ.
 */
export function parseEnvelope(input: unknown): Envelope {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ContractError('invalid envelope: expected a JSON object');
  }
  const version = (input as Record<string, unknown>).contract_version;
  if (version !== CONTRACT_VERSION) {
    const shown = version === undefined ? 'missing' : JSON.stringify(version);
    throw new ContractError(`unsupported contract_version ${shown}: this build reads ${CONTRACT_VERSION}`, [
      { path: 'contract_version', message: `expected ${CONTRACT_VERSION}` },
    ]);
  }
  const result = envelopeSchema.safeParse(input);
  if (!result.success) throw contractErrorFrom('envelope', result.error);
  return result.data;
}
