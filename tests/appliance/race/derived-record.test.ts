/** @module The store's record of an envelope's derived events, matched in place by replay: exactly the text the store writes matches, and a record that differs anywhere does not. */
import { expect, it } from 'vitest';
import { DerivedDigester } from '../../../appliance/race/derived-digest.ts';
import { derivedRecord, lsnOfDerivedKey, matchesRecordText, parseDerivedEntry, recordText } from '../../../appliance/race/derived-record.ts';
import { RaceEngine, type DerivedEvent } from '../../../shared/race/index.ts';
import { raceDayLog } from '../../bench/race-day-log.ts';

/** Envelopes deriving one event and several, from the start of the generated day. */
function someEvents(): DerivedEvent[][] {
  const engine = RaceEngine.create();
  const out: DerivedEvent[][] = [];
  for (const envelope of raceDayLog().envelopes.slice(0, 3000)) {
    const { events } = engine.applyStep(envelope);
    if (events.length > 0) out.push(events);
  }
  return out;
}

function stored(events: readonly DerivedEvent[], digester: DerivedDigester): string {
  digester.compute(events);
  return recordText(derivedRecord(7, events, digester.hex()));
}

it('record - the text the store writes matches the events it was written for, for every envelope', () => {
  const digester = new DerivedDigester();
  const all = someEvents();
  expect(all.some((events) => events.length > 1)).toBe(true);
  for (const events of all) expect(matchesRecordText(stored(events, digester), events, digester)).toBe(true);
});

it('record - a record that differs in its time, count, types, digest or a single byte does not match', () => {
  const digester = new DerivedDigester();
  const events = someEvents().find((e) => e.length > 1)!;
  const text = stored(events, digester);
  const record = JSON.parse(text) as { at_us: number; events: number; types: string[]; digest: string };
  const other = record.digest.replace(/^./, (c) => (c === 'f' ? '0' : 'f'));
  const variants = [
    JSON.stringify({ ...record, at_us: record.at_us + 1 }),
    JSON.stringify({ ...record, at_us: record.at_us - 1 }),
    text.replace('"at_us":', '"at_us":0'),
    JSON.stringify({ ...record, events: record.events + 1 }),
    JSON.stringify({ ...record, types: [...record.types].reverse().concat('x') }),
    JSON.stringify({ ...record, types: record.types.slice(1) }),
    JSON.stringify({ ...record, digest: other }),
    JSON.stringify({ ...record, digest: record.digest.toUpperCase() === record.digest ? other : record.digest.toUpperCase() }),
    JSON.stringify(record, null, 1),
    `${text} `,
    text.slice(0, -1),
    text.slice(0, -2),
    '',
  ];
  for (const variant of variants) expect(matchesRecordText(variant, events, digester), variant).toBe(false);
  // The digest compared is the last computed: the same text against other events does not match.
  expect(matchesRecordText(text, events.slice(1), digester)).toBe(false);
});

it('record - times that are not whole microseconds and types that JSON escapes are matched as JSON writes them', () => {
  const digester = new DerivedDigester();
  const [first] = someEvents().find((e) => e.length > 1)!;
  const events = [{ ...first!, at_us: 1700000000000000.5 }, { ...first!, type: 'odd "type"\\', at_us: 12 }] as DerivedEvent[];
  const text = stored(events, digester);
  expect(text).toContain('1700000000000000.5');
  expect(text).toContain('odd \\"type\\"\\\\');
  expect(matchesRecordText(text, events, digester)).toBe(true);
});

it('record - a key gives its lsn, and the text parses back to the record', () => {
  const digester = new DerivedDigester();
  const events = someEvents()[0]!;
  const text = stored(events, digester);
  expect(lsnOfDerivedKey('h!0000000000012345')).toBe(12345);
  expect(parseDerivedEntry(['h!0000000000000007', text])).toEqual({ ...derivedRecord(7, events, digester.hex()), text });
});
