/** @module The object-literal reader: the subset LiveRC writes is read exactly; anything that would need evaluating is refused. */
import { describe, expect, it } from 'vitest';
import { JsLiteralError, parseJsLiteral, readJsLiteral } from '../../../../cloud/liverc/parsers/index.ts';

function refused(src: string): JsLiteralError {
  try {
    parseJsLiteral(src);
  } catch (error) {
    expect(error).toBeInstanceOf(JsLiteralError);
    return error as JsLiteralError;
  }
  throw new Error(`expected ${src} to be refused`);
}

describe('liverc js literal', () => {
  it('liverc js literal - reads a served racerLaps object: single quotes, spaced colons, trailing comma', () => {
    const src = `{
      'driverName' : 'FELIX KOEGLER',
      'fastLap' : '37.234',
      'laps' : [
        { 'lapNum' : '0', 'pos' : '1', 'time' : '0', 'pace' : '0', 'segments' : [ ] },
        { 'lapNum' : '1', 'pos' : '1', 'time' : '38.17', 'pace' : '48/30:32.160', 'segments' : [ ] },
      ]
    }`;
    expect(parseJsLiteral(src)).toEqual({
      driverName: 'FELIX KOEGLER',
      fastLap: '37.234',
      laps: [
        { lapNum: '0', pos: '1', time: '0', pace: '0', segments: [] },
        { lapNum: '1', pos: '1', time: '38.17', pace: '48/30:32.160', segments: [] },
      ],
    });
  });

  it('liverc js literal - reads the prettier shape: bare keys, double quotes, comments', () => {
    const src = '{ driverName: "RILEY LANDER", // non-starter\n fastLap: "", /* none */ laps: [], }';
    expect(parseJsLiteral(src)).toEqual({ driverName: 'RILEY LANDER', fastLap: '', laps: [] });
  });

  it('liverc js literal - decodes escaped apostrophes and every other escape', () => {
    expect(parseJsLiteral(String.raw`'MATTHEW O\'LOUGHLIN'`)).toBe("MATTHEW O'LOUGHLIN");
    expect(parseJsLiteral(String.raw`"say \"hi\" \\ done"`)).toBe('say "hi" \\ done');
    expect(parseJsLiteral(String.raw`'a\tb\nc\x41\u0042\u{1F600}\q'`)).toBe('a\tb\ncAB\u{1F600}q');
    expect(parseJsLiteral("'line\\\ncontinued'")).toBe('linecontinued');
    expect(parseJsLiteral(String.raw`'\0'`)).toBe('\0');
  });

  it('liverc js literal - a regex-style [^\']+ reading would truncate the name; this reader keeps it whole', () => {
    const { value, end } = readJsLiteral(String.raw`x = { 'driverName' : 'JACK D\'ARCY', 'laps' : [] };`, 4);
    expect(value).toEqual({ driverName: "JACK D'ARCY", laps: [] });
    expect(String.raw`x = { 'driverName' : 'JACK D\'ARCY', 'laps' : [] };`.slice(end)).toBe(';');
  });

  it('liverc js literal - numbers, true, false and null are values', () => {
    expect(parseJsLiteral('[1, -2.5, 3e2, 0, true, false, null]')).toEqual([1, -2.5, 300, 0, true, false, null]);
    expect(parseJsLiteral('{ 7: "seven" }')).toEqual({ 7: 'seven' });
  });

  it('liverc js literal - a __proto__ key stays data and does not change the prototype', () => {
    const value = parseJsLiteral(`{ '__proto__': { 'polluted': 'yes' }, 'a': 1 }`) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('liverc js literal - identifiers, calls and expressions are refused, naming the offset', () => {
    expect(refused(`{ 'laps': fetch('//evil') }`).message).toMatch(/identifier "fetch" is not a literal at offset 10/);
    expect(refused(`{ 'driverName': 'A' + alert(1) }`).message).toMatch(/expected "," or "}", found "\+"/);
    expect(refused(`(function () { return {}; })()`).message).toMatch(/unexpected "\("/);
    expect(refused('{ a: `template ${x}` }').message).toMatch(/unexpected "`"/);
    expect(refused(`{ 'laps': undefined }`).message).toMatch(/identifier "undefined"/);
    expect(refused(`{ 'n': NaN }`).message).toMatch(/identifier "NaN"/);
    expect(refused(`{ ...other }`).message).toMatch(/unexpected "\."/);
    expect(refused(`{ 'a': 1 } + 1`).message).toMatch(/text after the literal/);
    expect(refused(`{ ['computed']: 1 }`).message).toMatch(/where an object key belongs/);
  });

  it('liverc js literal - broken syntax is refused rather than read halfway', () => {
    expect(refused(`{ 'a': 'unterminated }`).message).toMatch(/unterminated string/);
    expect(refused(`{ 'a': 'line\nbreak' }`).message).toMatch(/unterminated string/);
    expect(refused(`{ 'a': 1`).message).toMatch(/unexpected end of text/);
    expect(refused(`[1 2]`).message).toMatch(/expected "," or "]"/);
    expect(refused(`{ 'a' 1 }`).message).toMatch(/expected ":"/);
    expect(refused(String.raw`'\x4'`).message).toMatch(/malformed hex escape/);
    expect(refused(String.raw`'\08'`).message).toMatch(/octal escapes/);
    expect(refused('').message).toMatch(/unexpected end of text/);
  });

  it('liverc js literal - nesting deeper than the limit is refused without exhausting the stack', () => {
    expect(parseJsLiteral('['.repeat(30) + ']'.repeat(30))).toBeInstanceOf(Array);
    expect(refused('['.repeat(10_000) + ']'.repeat(10_000)).message).toMatch(/nesting deeper than 32/);
  });
});
