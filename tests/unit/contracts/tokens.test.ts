/** @module Unit tests for identifier token rules (TOKEN_PATTERN, assertToken, tokenSchema). */
import { describe, expect, it } from 'vitest';
import { assertToken, ContractError, TOKEN_PATTERN, tokenSchema } from '../../../shared/contracts/index.ts';

describe('tokens', () => {
  it.each(['a', '0', 'track-1', 'track_1', 'a'.repeat(64), '9lives', 'a-_-b'])('tokens - accepts %j', (value) => {
    expect(TOKEN_PATTERN.test(value)).toBe(true);
    expect(assertToken('track_id', value)).toBe(value);
    expect(tokenSchema('track_id').parse(value)).toBe(value);
  });

  it.each(['', '-a', '_a', 'A', 'a.b', 'a*', 'a>', 'a b', 'a:b', 'a/b', 'a'.repeat(65), 'é', 'a\n'])(
    'tokens - refuses %j',
    (value) => {
      expect(TOKEN_PATTERN.test(value)).toBe(false);
      expect(() => assertToken('track_id', value)).toThrow(ContractError);
      expect(tokenSchema('track_id').safeParse(value).success).toBe(false);
    },
  );

  it('tokens - tokenSchema message names the field and quotes the value', () => {
    const result = tokenSchema('client_id').safeParse('Bad.Id');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('client_id "Bad.Id"');
  });

  it('tokens - tokenSchema refuses non-strings', () => {
    expect(tokenSchema('track_id').safeParse(12).success).toBe(false);
    expect(tokenSchema('track_id').safeParse(null).success).toBe(false);
  });
});
