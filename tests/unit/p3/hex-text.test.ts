/** @module Hex text input tests: whitespace and comments ignored, bad digits named by line. */
import { describe, expect, it } from 'vitest';
import { decodeAll, encodeRecord, hexTextToBytes, toHex } from '../../../shared/p3/index.ts';

describe('p3 hex text', () => {
  it('p3 hex text - ignores whitespace, blank lines and # comments', () => {
    const text = '# capture from the hill decoder\n8e 02 0b 00\r\n\n  # note\n  ab cd\n';
    expect(toHex(hexTextToBytes(text))).toBe('8e020b00abcd');
  });

  it('p3 hex text - a frame split across lines still decodes', () => {
    const hex = toHex(encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: 5 }));
    const text = `${hex.slice(0, 11)}\n${hex.slice(11)}\n`;
    expect(decodeAll(hexTextToBytes(text)).good).toHaveLength(1);
  });

  it('p3 hex text - names the line of a bad digit or an odd count', () => {
    expect(() => hexTextToBytes('8e02\n8x\n')).toThrow('hex input line 2: "x" is not a hex digit');
    expect(() => hexTextToBytes('8e0\n')).toThrow('hex input line 2: odd number of hex digits in the input');
  });
});
