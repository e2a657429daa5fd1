/** @module Identifier tokens (track, client, event ids): safe inside NATS subjects and idempotency keys. */
import { z } from 'zod';

/**
 * Lowercase letters, digits, `_` and `-`, up to 64 characters. No `.`, `*`, `>`, `:` or
 * whitespace, because the token becomes a NATS subject token and a part of a `:`-joined key.
 */
export const TOKEN_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const tokenSchema = (what: string) =>
  z.string().regex(TOKEN_PATTERN, {
    error: (issue) =>
      `${what} ${JSON.stringify(issue.input)} must be 1-64 lowercase letters, digits, "_" or "-", starting with a letter or digit`,
  });

export function assertToken(what: string, value: string): string {
  if (!TOKEN_PATTERN.test(value)) {
    throw new ContractError(`${what} ${JSON.stringify(value)} must be 1-64 lowercase letters, digits, "_" or "-"`);
  }
  return value;
}

/** Input that breaks a contract: the message names the field and what was expected. */
export class ContractError extends Error {
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

/** Turns zod issues into one readable line per field: `seq: expected a positive integer`. */
export function contractErrorFrom(what: string, error: z.ZodError): ContractError {
  const issues = error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
  return new ContractError(`invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
