/** @module The derived-events digest is a function of the events' JSON text: equal text, equal digest (whatever the objects' identity), and any change to the text changes it. */
import { expect, it } from 'vitest';
import { DerivedDigester } from '../../../appliance/race/derived-digest.ts';
import { RaceEngine, type DerivedEvent } from '../../../shared/race/index.ts';
import { raceDayLog } from '../../bench/race-day-log.ts';

/** Motos, timed heats and the start of the practice. */
const ENVELOPES = 12_000;

function dayEvents(): DerivedEvent[][] {
  const engine = RaceEngine.create();
  const out: DerivedEvent[][] = [];
  for (const envelope of raceDayLog().envelopes.slice(0, ENVELOPES)) {
    const { events } = engine.applyStep(envelope);
    if (events.length > 0) out.push(events);
  }
  return out;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

it('digest - the engine\'s events and their JSON parsed back give the same digest, envelope for envelope', () => {
  const day = dayEvents();
  const live = new DerivedDigester();
  const parsed = new DerivedDigester();
  const digests = day.map((events) => live.digest(events));
  // Parsed copies share no object with the engine's (no row reused by identity), so this checks the reuse too.
  expect(day.map((events) => parsed.digest(copy(events)))).toEqual(digests);
  expect(new Set(digests).size).toBe(digests.length);
  expect(day.flat().filter((e) => e.type === 'race.updated').length).toBeGreaterThan(3000);
});

it('digest - a change inside a board row that the next events reuse by identity changes their digest', () => {
  const day = dayEvents();
  const digester = new DerivedDigester();
  let changed = 0;
  for (const events of day) {
    const digest = digester.digest(events);
    const race = events.find((e) => e.type === 'race.updated');
    if (!race || race.type !== 'race.updated' || race.payload.race.rows.length < 2) continue;
    const edited = copy(events);
    const target = edited.find((e) => e.type === 'race.updated')!;
    if (target.type !== 'race.updated') continue;
    const rows = target.payload.race.rows as unknown as Record<string, unknown>[];
    const last = rows[rows.length - 1]!;
    last.name = `${String(last.name)} `;
    expect(new DerivedDigester().digest(edited)).not.toBe(digest);
    changed++;
  }
  expect(changed).toBeGreaterThan(1000);
});

it('digest - it follows JSON.stringify: key order, types, null, and what JSON leaves out', () => {
  const d = new DerivedDigester();
  const event = (payload: Record<string, unknown>) => [{ id: 'x-0', type: 'intent.refused', event_id: null, race_id: null, at_us: 1, payload }] as unknown as DerivedEvent[];
  const base = d.digest(event({ a: 1, b: 'two', c: [1, 2], d: null }));
  expect(d.digest(event({ a: 1, b: 'two', c: [1, 2], d: null, e: undefined, f: () => 1 }))).toBe(base);
  expect(d.digest(event({ b: 'two', a: 1, c: [1, 2], d: null }))).not.toBe(base);
  // The digester remembers the keys of the last event of a kind by place; keys in another order must not be taken for them.
  expect(d.digest(event({ a: 1, b: 'two', c: [1, 2], d: null }))).toBe(base);
  expect(d.digest(event({ a: '1', b: 'two', c: [1, 2], d: null }))).not.toBe(base);
  expect(d.digest(event({ a: 1, b: 'two', c: [1, 2] }))).not.toBe(base);
  expect(d.digest(event({ a: 1, b: 'two', c: [2, 1], d: null }))).not.toBe(base);
  expect(d.digest(event({ a: 1, b: 'tw', c: [1, 2], d: null }))).not.toBe(base);
  expect(d.digest(event({ a: 1.5, b: 'two', c: [1, 2], d: null }))).not.toBe(d.digest(event({ a: 1.25, b: 'two', c: [1, 2], d: null })));
  // JSON writes -0 as 0, NaN and Infinity as null, and undefined in an array as null.
  expect(d.digest(event({ z: -0 }))).toBe(d.digest(event({ z: 0 })));
  expect(d.digest(event({ z: Number.NaN }))).toBe(d.digest(event({ z: null })));
  expect(d.digest(event({ z: [undefined] }))).toBe(d.digest(event({ z: [null] })));
  expect(d.digest(event({ z: 2 ** 40 }))).toBe(d.digest(copy(event({ z: 2 ** 40 }))));
  // toJSON is honoured and given its key as JSON.stringify gives it: a property's name, an array element's index as a string.
  const keyed = { toJSON: (key: unknown) => `${typeof key}:${String(key)}` };
  const withToJson = event({ when: new Date(1_704_000_000_000), at: keyed, list: [1, keyed, [keyed]] });
  expect(d.digest(withToJson)).toBe(d.digest(copy(withToJson)));
  expect(copy(withToJson)[0]!.payload).toMatchObject({ at: 'string:at', list: [1, 'string:1', ['string:0']] });
});

it('digest - keeps the value stores already hold: a board update and a standings update digest as they always have, also after other kinds of event', () => {
  const events = [
    { id: '01K8VBW1EMQ0M8V0B9YJFCP4X6-0', type: 'race.updated', event_id: 'day', race_id: 'practice', at_us: 1700019795774346, payload: { race: { race_id: 'practice', event_id: 'day', class_id: null, name: 'Practice', round: null, status: 'running', staged_at_us: 1700019547831359, corrections: [], revision: 301, format: 'practice', settings: { min_lap_ms: 5000 }, rows: [{ position: 1, transponder: 300017, rider_id: null, name: '#300017', laps: 15, last_lap_ms: 15434, best_lap_ms: 15434.5, ok: true }, { position: 2, transponder: 300004, rider_id: 'r-4', name: 'Zoë', laps: 14, last_lap_ms: -0 }], stats: { total_laps: 275, drivers: 24 } }, change: { kind: 'lap', transponder: 300002, lap: 11, lap_ms: 21443 } } },
    { id: 'x-1', type: 'standings.updated', event_id: 'day', race_id: null, at_us: 1, payload: { rows: [[1, 'a'], [2, null]], big: 2 ** 40, neg: -3.25 } },
  ] as unknown as DerivedEvent[];
  // Written by the first version of the digest; the engine store holds values like it for every envelope.
  const STORED = '9e3397d827c91709';
  expect(new DerivedDigester().digest(events)).toBe(STORED);
  const seasoned = new DerivedDigester();
  for (const day of dayEvents().slice(0, 2_000)) seasoned.digest(day);
  expect(seasoned.digest(events)).toBe(STORED);
  expect(seasoned.digest(copy(events))).toBe(STORED);
});

it('digest - matchesAt compares a digest in a text digit by digit: the same hex at its place matches, any one digit or its case changed, or a text too short, does not', () => {
  const d = new DerivedDigester();
  for (const events of dayEvents().slice(0, 300)) {
    const hex = d.digest(events);
    expect(d.matchesAt(hex, 0)).toBe(true);
    expect(d.matchesAt(`"digest":"${hex}"}`, 10)).toBe(true);
    expect(d.matchesAt(`"digest":"${hex}"}`, 9)).toBe(false);
    const at = hex.length - 1 - (events.length % 16);
    const other = hex[at] === '0' ? 'f' : '0';
    expect(d.matchesAt(`${hex.slice(0, at)}${other}${hex.slice(at + 1)}`, 0)).toBe(false);
    expect(d.matchesAt(hex.slice(1), 0)).toBe(false);
    expect(d.matchesAt(hex, 1)).toBe(false);
    expect(d.matchesAt(hex, -1)).toBe(false);
    if (/[a-f]/.test(hex)) expect(d.matchesAt(hex.toUpperCase(), 0)).toBe(false);
  }
});

it('digest - boards of more races than it keeps, taking turns, digest as their JSON does: a dropped race is digested afresh, never from another race\'s rows', () => {
  const day = dayEvents();
  const updates = day.filter((events) => events.length === 1 && events[0]!.type === 'race.updated' && events[0]!.payload.race.rows.length > 1);
  const base = updates.slice(-40);
  expect(base.length).toBe(40);
  // Forty races, each envelope a different race's board built from the same row objects, in three rounds: more races than the digester keeps.
  const rounds = [0, 1, 2].flatMap((round) =>
    base.map((events, i) => {
      const event = events[0]!;
      if (event.type !== 'race.updated') throw new Error('not a race update');
      const race = { ...event.payload.race, race_id: `race-${i}`, rows: round === 2 && i % 2 === 0 ? event.payload.race.rows.slice().reverse() : event.payload.race.rows };
      return [{ ...event, race_id: race.race_id, payload: { ...event.payload, race } }] as DerivedEvent[];
    }),
  );
  const reused = new DerivedDigester();
  const fresh = new DerivedDigester();
  expect(rounds.map((events) => reused.digest(events))).toEqual(rounds.map((events) => fresh.digest(copy(events))));
});
