/** @module A reader for the JavaScript object-literal subset LiveRC writes into race pages (strings, numbers, true/false/null, arrays, objects with quoted or bare keys), which never evaluates anything. */

export type JsValue = string | number | boolean | null | JsValue[] | JsObject;
/** Null-prototype object: a `__proto__` key in page text stays an ordinary key. */
export type JsObject = { [key: string]: JsValue };

/** The text is not a plain literal: an expression, a call, an unknown identifier, or broken syntax. */
export class JsLiteralError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsLiteralError';
  }
}

const MAX_DEPTH = 32;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };
const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Reader {
  at: number;

  constructor(
    private readonly src: string,
    start: number,
  ) {
    this.at = start;
  }

  fail(what: string): never {
    throw new JsLiteralError(`${what} at offset ${this.at}`, this.at);
  }

  /** Skips whitespace and comments (prettier may leave comments; they execute nothing). */
  skip(): void {
    const src = this.src;
    for (;;) {
      const c = src[this.at];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') this.at++;
      else if (c === '/' && src[this.at + 1] === '/') {
        const end = src.indexOf('\n', this.at);
        this.at = end < 0 ? src.length : end;
      } else if (c === '/' && src[this.at + 1] === '*') {
        const end = src.indexOf('*/', this.at + 2);
        if (end < 0) this.fail('unterminated comment');
        this.at = end + 2;
      } else return;
    }
  }

  value(depth: number): JsValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.skip();
    const c = this.src[this.at];
    if (c === undefined) this.fail('unexpected end of text');
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === "'" || c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (IDENT_START.test(c)) {
      const word = this.identifier();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
      this.at -= word.length;
      this.fail(`identifier ${JSON.stringify(word.slice(0, 40))} is not a literal`);
    }
    this.fail(`unexpected ${JSON.stringify(c)}`);
  }

  object(depth: number): JsObject {
    const out = Object.create(null) as JsObject;
    this.at++;
    for (;;) {
      this.skip();
      if (this.src[this.at] === '}') {
        this.at++;
        return out;
      }
      const key = this.key();
      this.skip();
      if (this.src[this.at] !== ':') this.fail('expected ":" after an object key');
      this.at++;
      out[key] = this.value(depth + 1);
      if (!this.separator('}')) return out;
    }
  }

  array(depth: number): JsValue[] {
    const out: JsValue[] = [];
    this.at++;
    for (;;) {
      this.skip();
      if (this.src[this.at] === ']') {
        this.at++;
        return out;
      }
      out.push(this.value(depth + 1));
      if (!this.separator(']')) return out;
    }
  }

  /** After a member: `,` continues (a trailing comma is allowed), the closer ends. Returns false when closed. */
  separator(close: '}' | ']'): boolean {
    this.skip();
    const c = this.src[this.at];
    if (c === ',') {
      this.at++;
      return true;
    }
    if (c === close) {
      this.at++;
      return false;
    }
    return this.fail(c === undefined ? 'unexpected end of text' : `expected "," or "${close}", found ${JSON.stringify(c)}`);
  }

  key(): string {
    const c = this.src[this.at];
    if (c === "'" || c === '"') return this.string();
    if (c !== undefined && IDENT_START.test(c)) return this.identifier();
    if (c !== undefined && c >= '0' && c <= '9') return String(this.number());
    return this.fail(c === undefined ? 'unexpected end of text' : `unexpected ${JSON.stringify(c)} where an object key belongs`);
  }

  identifier(): string {
    const start = this.at;
    while (this.at < this.src.length && IDENT_PART.test(this.src[this.at]!)) this.at++;
    return this.src.slice(start, this.at);
  }

  number(): number {
    NUMBER.lastIndex = this.at;
    const m = NUMBER.exec(this.src);
    if (!m) this.fail('malformed number');
    this.at += m[0].length;
    return Number(m[0]);
  }

  string(): string {
    const quote = this.src[this.at];
    const src = this.src;
    let out = '';
    let from = ++this.at;
    for (;;) {
      const c = src[this.at];
      if (c === undefined || c === '\n' || c === '\r') this.fail('unterminated string');
      if (c === quote) {
        out += src.slice(from, this.at++);
        return out;
      }
      if (c !== '\\') {
        this.at++;
        continue;
      }
      out += src.slice(from, this.at) + this.escape();
      from = this.at;
    }
  }

  /** One escape sequence, `\'` included (MRE review H1: O\'LOUGHLIN). Unknown escapes stand for the character itself, as in JavaScript. */
  escape(): string {
    const src = this.src;
    const c = src[this.at + 1];
    this.at += 2;
    if (c === undefined) this.fail('unterminated string');
    if (c === '\r' && src[this.at] === '\n') this.at++;
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return '';
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined && !(c === '0' && /\d/.test(src[this.at] ?? ''))) return simple;
    if (c === 'x') return this.hex(2);
    if (c === 'u') {
      if (src[this.at] !== '{') return this.hex(4);
      const end = src.indexOf('}', this.at);
      const code = end < 0 ? NaN : parseInt(src.slice(this.at + 1, end), 16);
      if (!/^[0-9a-fA-F]{1,6}$/.test(src.slice(this.at + 1, end)) || code > 0x10ffff) this.fail('malformed \\u{…} escape');
      this.at = end + 1;
      return String.fromCodePoint(code);
    }
    if (c >= '0' && c <= '9') this.fail('octal escapes are not accepted');
    return c;
  }

  hex(digits: number): string {
    const text = this.src.slice(this.at, this.at + digits);
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(text)) this.fail('malformed hex escape');
    this.at += digits;
    return String.fromCharCode(parseInt(text, 16));
  }
}

/** Reads one literal starting at `start` (leading whitespace allowed); `end` is the offset just after it. */
export function readJsLiteral(src: string, start = 0): { value: JsValue; end: number } {
  const reader = new Reader(src, start);
  const value = reader.value(0);
  return { value, end: reader.at };
}

/** The whole text must be one literal, nothing before or after it but whitespace and comments. */
export function parseJsLiteral(src: string): JsValue {
  const reader = new Reader(src, 0);
  const value = reader.value(0);
  reader.skip();
  if (reader.at < src.length) reader.fail('text after the literal');
  return value;
}
