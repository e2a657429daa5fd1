/** @module matchesJsonText agrees with JSON.stringify: the exact text matches, every other text does not, over values JSON treats specially and generated ones. */
import { expect, it } from 'vitest';
import { matchesJsonText } from '../../../shared/json/matches-json-text.ts';
import { seededRng } from '../../../shared/random/index.ts';

const special: unknown[] = [
  0,
  -0,
  -17,
  12.5,
  1e21,
  2 ** 53,
  -(2 ** 60),
  Number.NaN,
  Infinity,
  '',
  'plain',
  'quote " and \\ backslash',
  'control \u0001 \n \t',
  'pair 😀 and lone \ud800 surrogate',
  true,
  false,
  null,
  [],
  {},
  [undefined, () => 1, Symbol('s'), 1],
  { a: undefined, b: () => 1, c: Symbol('s'), d: 1 },
  { 2: 'two', 1: 'one', b: 'b', a: 'a' },
  { 'key "quoted"': 1, 'ctl\u0002': [1, { x: null }] },
  { when: new Date(0), nested: { toJSON: (key: string) => `json of ${key}` } },
  [[[]], [{}], { a: [{ b: [] }] }],
];

function generated(rng: ReturnType<typeof seededRng>, depth: number): unknown {
  const pick = rng.int(0, depth > 3 ? 4 : 7);
  switch (pick) {
    case 0:
      return rng.int(-1_000_000, 1_000_000);
    case 1:
      return Math.round(rng.between(-1e6, 1e6) * 1000) / 1000;
    case 2:
      return `s${rng.int(0, 99)}${rng.int(0, 4) === 0 ? '"' : ''}`;
    case 3:
      return rng.int(0, 1) === 0;
    case 4:
      return null;
    case 5:
      return Array.from({ length: rng.int(0, 4) }, () => generated(rng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(0, 5); i > 0; i--) out[`k${rng.int(0, 9)}`] = generated(rng, depth + 1);
      return out;
    }
  }
}

/** Texts that differ from `text` by one edit: a character dropped, changed or added, and the text cut short. */
function nearMisses(text: string, rng: ReturnType<typeof seededRng>): string[] {
  const at = rng.int(0, text.length - 1);
  const other = text[at] === '1' ? '2' : '1';
  return [text.slice(0, at) + text.slice(at + 1), text.slice(0, at) + other + text.slice(at + 1), `${text.slice(0, at)} ${text.slice(at)}`, text.slice(0, -1), `${text}0`];
}

it('json text - a value matches exactly the text JSON.stringify writes for it', () => {
  const rng = seededRng(3);
  const values = [...special, special, ...Array.from({ length: 400 }, () => generated(rng, 0))];
  for (const value of values) {
    const text = JSON.stringify(value);
    expect(matchesJsonText(value, text), text).toBe(true);
    for (const miss of nearMisses(text, rng)) {
      if (miss !== text) expect(matchesJsonText(value, miss), `${text} against ${miss}`).toBe(false);
    }
    const pretty = JSON.stringify(value, null, 1);
    if (pretty !== text) expect(matchesJsonText(value, pretty), pretty).toBe(false);
  }
});

it('json text - values JSON.stringify writes nothing for match no text, and a BigInt throws as it does', () => {
  for (const value of [undefined, () => 1, Symbol('s')]) {
    expect(matchesJsonText(value, '')).toBe(false);
    expect(matchesJsonText(value, 'null')).toBe(false);
  }
  expect(() => JSON.stringify({ n: 1n })).toThrow(TypeError);
  expect(() => matchesJsonText({ n: 1n }, '{"n":1}')).toThrow(TypeError);
});
