/** @module The LiveRC page parsers: one per page kind, and `parsePage` choosing by kind. Saved HTML in, the typed page of `../types.ts` out, or a LiveRcError. */
import type { PageByKind, PageKind } from '../types.ts';
import { parseDashboard } from './dashboard.ts';
import { parseEntryList } from './entry-list.ts';
import { parseEventList } from './event-list.ts';
import { parseEvent } from './event.ts';
import type { ParseContext } from './page.ts';
import { parseRaceResult } from './race-result.ts';
import { parseTrackList } from './track-list.ts';

export type { ParseContext } from './page.ts';
export { parseDashboard } from './dashboard.ts';
export { parseEntryList } from './entry-list.ts';
export { parseEventList } from './event-list.ts';
export { parseEvent, raceClassName } from './event.ts';
export { parseRaceResult, normaliseName } from './race-result.ts';
export { parseTrackList, slugOf } from './track-list.ts';
export { readRacerLaps, racerLapsScript, type RacerLap, type RacerLaps } from './racer-laps.ts';
export { JsLiteralError, parseJsLiteral, readJsLiteral, type JsObject, type JsValue } from './js-literal.ts';
export { parseCount, parseDate, parseDateRange, parseDateTime, parseDecimal, parseDuration, parseIsoDate, parseRaceLength } from './values.ts';

const PARSERS: { readonly [K in PageKind]: (html: string, context?: ParseContext) => PageByKind[K] } = {
  'track-list': parseTrackList,
  dashboard: parseDashboard,
  'event-list': parseEventList,
  event: parseEvent,
  'entry-list': parseEntryList,
  'race-result': parseRaceResult,
};

/** Every page kind, in the order a crawl meets them. */
export const PAGE_KINDS: readonly PageKind[] = Object.keys(PARSERS) as PageKind[];

export function isPageKind(value: string): value is PageKind {
  return Object.hasOwn(PARSERS, value);
}

/** Parses a saved page as `kind`. Same HTML, same object; a page of another kind, or cut short, is a LiveRcError. */
export function parsePage<K extends PageKind>(kind: K, html: string, context: ParseContext = {}): PageByKind[K] {
  const parser = PARSERS[kind] as (html: string, context?: ParseContext) => PageByKind[K];
  return parser(html, context);
}
