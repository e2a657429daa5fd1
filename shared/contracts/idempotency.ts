/** @module The idempotency key `{track_id}:{client_id}:{boot_id}:{seq}`: the Nats-Msg-Id at publish and the consumer's dedupe key. */
import { ULID_PATTERN } from '../ids/ulid.ts';
import type { Envelope } from './envelope.ts';
import { ContractError, TOKEN_PATTERN } from './tokens.ts';

export type KeyParts = Pick<Envelope, 'track_id' | 'client_id' | 'boot_id' | 'seq'>;

export function idempotencyKey({ track_id, client_id, boot_id, seq }: KeyParts): string {
  return `${track_id}:${client_id}:${boot_id}:${seq}`;
}

/**
 * Splits a key back into its parts. Only keys exactly as `idempotencyKey` writes them are
 * accepted (no `01` or `1e3` for seq), so one envelope has one key and dedupe stays exact.
 */
export function parseIdempotencyKey(key: string): KeyParts {
  const [trackId, clientId, bootId, seqText, ...rest] = key.split(':');
  const seq = Number(seqText);
  const valid =
    rest.length === 0 &&
    TOKEN_PATTERN.test(trackId ?? '') &&
    TOKEN_PATTERN.test(clientId ?? '') &&
    ULID_PATTERN.test(bootId ?? '') &&
    /^[1-9][0-9]*$/.test(seqText ?? '') &&
    Number.isSafeInteger(seq);
  if (!valid) throw new ContractError(`"${key}" is not an idempotency key (track_id:client_id:boot_id:seq)`);
  return { track_id: trackId!, client_id: clientId!, boot_id: bootId!, seq };
}
