/** @module A batch body to envelopes, all or nothing: bad JSON, a bad shape or envelope (400, naming index and field), too many envelopes (413), or an envelope outside the token's track or client (403). */
import { contractErrorFrom, ContractError } from '../../shared/contracts/tokens.ts';
import { parseEnvelope, type Envelope } from '../../shared/contracts/envelope.ts';
import { INGEST_MAX_ENVELOPES, ingestBatchRequestSchema } from '../../shared/contracts/ingest.ts';

export interface BatchProblem {
  status: 400 | 403 | 413;
  error: string;
  /** The envelope at fault. */
  index?: number;
}

export type BatchParse = { ok: true; envelopes: Envelope[] } | { ok: false; problem: BatchProblem };

/** What a token lets a box send. */
export interface TokenScope {
  track_id: string;
  client_id: string;
}

const problem = (status: BatchProblem['status'], error: string, index?: number): BatchParse => ({ ok: false, problem: { status, error, ...(index === undefined ? {} : { index }) } });

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  if (body.length === 0) return { ok: false, error: 'the body is empty: expected {"envelopes": [...]}' };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, error: `the body is not valid JSON: ${(error as Error).message}` };
  }
}

function outOfScope(envelope: Envelope, scope: TokenScope, index: number): string | null {
  for (const field of ['track_id', 'client_id'] as const) {
    if (envelope[field] !== scope[field]) {
      return `envelopes[${index}].${field} ${JSON.stringify(envelope[field])} is not the token's ${field} ${JSON.stringify(scope[field])}: a box token covers one track and one client`;
    }
  }
  return null;
}

export function parseBatch(body: Buffer, scope: TokenScope): BatchParse {
  const json = parseJson(body);
  if (!json.ok) return problem(400, json.error);
  const shape = ingestBatchRequestSchema.safeParse(json.value);
  if (!shape.success) return problem(400, contractErrorFrom('batch', shape.error).message);
  const raw = shape.data.envelopes;
  if (raw.length > INGEST_MAX_ENVELOPES) return problem(413, `the batch holds ${raw.length} envelopes; at most ${INGEST_MAX_ENVELOPES} per batch`);
  const envelopes: Envelope[] = [];
  for (const [index, item] of raw.entries()) {
    let envelope: Envelope;
    try {
      envelope = parseEnvelope(item);
    } catch (error) {
      if (!(error instanceof ContractError)) throw error;
      return problem(400, `envelopes[${index}]: ${error.message}`, index);
    }
    const foreign = outOfScope(envelope, scope, index);
    if (foreign) return problem(403, foreign, index);
    envelopes.push(envelope);
  }
  return { ok: true, envelopes };
}
