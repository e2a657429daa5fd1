/** @module Hex text captures to bytes: whitespace (line breaks included) is ignored anywhere, `#` lines are comments. */

export class HexTextError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`hex input line ${line}: ${detail}`);
    this.name = 'HexTextError';
  }
}

/**
 * Reads hex text a line at a time. A byte may be split across lines (line breaks are just
 * whitespace), so an odd digit is carried to the next line and only an odd total is an error.
 */
export class HexTextReader {
  private carry = '';
  private lineNumber = 0;

  line(text: string): Uint8Array {
    this.lineNumber++;
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return new Uint8Array(0);
    const digits = trimmed.replace(/\s+/g, '');
    const bad = digits.search(/[^0-9a-fA-F]/);
    if (bad >= 0) throw new HexTextError(this.lineNumber, `"${digits[bad]}" is not a hex digit`);
    const all = this.carry + digits;
    const even = all.length - (all.length % 2);
    this.carry = all.slice(even);
    return Uint8Array.from(Buffer.from(all.slice(0, even), 'hex'));
  }

  /** End of text: a digit left over means the text held an odd number of digits. */
  end(): void {
    if (this.carry) throw new HexTextError(this.lineNumber, 'odd number of hex digits in the input');
  }
}

/** Converts a whole hex text. */
export function hexTextToBytes(text: string): Uint8Array {
  const reader = new HexTextReader();
  const parts = text.split(/\r?\n/).map((line) => reader.line(line));
  reader.end();
  return Uint8Array.from(Buffer.concat(parts));
}
