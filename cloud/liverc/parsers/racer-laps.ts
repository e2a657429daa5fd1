/** @module The `racerLaps[id] = {…}` blocks of a race page (§1.10), read as literals without running the script: driver name and laps 1…N per LiveRC driver id. */
import type { CheerioAPI } from 'cheerio';
import { formatError, quote, type Page } from './page.ts';
import { JsLiteralError, readJsLiteral, type JsObject, type JsValue } from './js-literal.ts';
import { parseDuration } from './values.ts';

export interface RacerLap {
  lap: number;
  position: number;
  seconds: number;
}

export interface RacerLaps {
  driverId: string;
  driverName: string;
  /** Lap 0 (the grid) left out; in page order. */
  laps: RacerLap[];
}

/**
 * Every use of `racerLaps` the served script makes: the declaration, assignments, and the
 * `console.log(racerLaps[id])` reads. Any other use (a mutation, a call) means the page no
 * longer says what its literals say, so it is refused instead of half-read.
 */
const USE = /\bracerLaps\b/g;
const DECLARATION = /^racerLaps\s*=\s*\{\s*\}/;
const ASSIGNMENT = /^racerLaps\s*\[\s*(['"]?)(\d+)\1\s*\]\s*=(?!=)/;
const READ = /^racerLaps\s*\[\s*(['"]?)(\d+)\1\s*\]\s*\)/;

/** The text of the script holding `var racerLaps`, or null when the page has none (an un-run race). */
export function racerLapsScript($: CheerioAPI): string | null {
  for (const element of $('script').toArray()) {
    const text = $(element).text();
    if (/\bvar\s+racerLaps\b/.test(text)) return text;
  }
  return null;
}

function field(page: Page, id: string, where: JsObject, key: string): JsValue {
  const value = where[key];
  if (value === undefined) throw formatError(page, `racerLaps[${id}] has no '${key}'`);
  return value;
}

function integer(page: Page, id: string, value: JsValue, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw formatError(page, `racerLaps[${id}] ${what} is not a whole number: ${quote(String(value))}`);
  return n;
}

function toBlock(page: Page, id: string, value: JsValue): RacerLaps {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw formatError(page, `racerLaps[${id}] is not an object`);
  const name = field(page, id, value, 'driverName');
  const laps = field(page, id, value, 'laps');
  if (typeof name !== 'string') throw formatError(page, `racerLaps[${id}] driverName is not a string`);
  if (!Array.isArray(laps)) throw formatError(page, `racerLaps[${id}] laps is not an array`);
  const out: RacerLap[] = [];
  for (const [index, lap] of laps.entries()) {
    if (lap === null || typeof lap !== 'object' || Array.isArray(lap)) throw formatError(page, `racerLaps[${id}] laps[${index}] is not an object`);
    const number = integer(page, id, field(page, id, lap, 'lapNum'), `laps[${index}].lapNum`);
    if (number === 0) continue;
    const time = field(page, id, lap, 'time');
    const seconds = typeof time === 'number' ? time : typeof time === 'string' ? parseDuration(time) : null;
    if (seconds === null || !(seconds > 0)) throw formatError(page, `racerLaps[${id}] lap ${number} time is not a lap time: ${quote(String(time))}`);
    out.push({ lap: number, position: integer(page, id, field(page, id, lap, 'pos'), `lap ${number} pos`), seconds });
  }
  return { driverId: id, driverName: name, laps: out };
}

/** Reads every block of the script; a block that is not a plain literal is a page_format error. */
export function readRacerLaps(page: Page, script: string): Map<string, RacerLaps> {
  const blocks = new Map<string, RacerLaps>();
  for (const use of script.matchAll(USE)) {
    const at = use.index;
    const rest = script.slice(at, at + 64);
    if (DECLARATION.test(rest) && /\b(?:var|let|const)\s+$/.test(script.slice(Math.max(0, at - 8), at))) continue;
    if (READ.test(rest)) continue;
    const assignment = ASSIGNMENT.exec(rest);
    if (!assignment) throw formatError(page, `racerLaps is used in an unexpected way at offset ${at} of its script`);
    const id = assignment[2]!;
    let literal: { value: JsValue; end: number };
    try {
      literal = readJsLiteral(script, at + assignment[0].length);
    } catch (error) {
      if (error instanceof JsLiteralError) throw formatError(page, `racerLaps[${id}] is not a plain object literal (${error.message.replace(/offset \d+/, `offset ${error.offset - at}`)} of the assignment)`);
      throw error;
    }
    // Only a statement end may follow: `{…} + f()` or `{…}.x` would be an expression.
    const after = /^[ \t]*(?:;|\r?\n|$)/.exec(script.slice(literal.end, literal.end + 64));
    if (!after) throw formatError(page, `racerLaps[${id}] is followed by an expression, not a statement end`);
    if (blocks.has(id)) throw formatError(page, `racerLaps[${id}] is assigned twice`);
    blocks.set(id, toBlock(page, id, literal.value));
  }
  return blocks;
}
