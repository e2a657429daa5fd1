/** @module Replay equality: the same log gives byte-identical derived events and archived views on every replay, and from a snapshot taken anywhere. */
import { expect, it } from 'vitest';
import { RaceEngine, type DerivedEvent } from '../../../shared/race/index.ts';
import { seededRng } from '../../../shared/random/index.ts';
import { randomRaceLog } from '../../support/random-race-log.ts';

/** Seeds from 2000 mix race-meeting intents into the day. */
const SEEDS = [...Array.from({ length: 25 }, (_, i) => 1000 + i), ...Array.from({ length: 12 }, (_, i) => 2000 + i)];
const logOf = (seed: number) => (seed >= 2000 ? randomRaceLog(seed, 2500, { meetings: true }) : randomRaceLog(seed, 1500));

function replay(envelopes: ReturnType<typeof randomRaceLog>['envelopes'], engine = RaceEngine.create()): string[] {
  return envelopes.map((e) => JSON.stringify(engine.applyStep(e)));
}

/** What happened to the automatic practices, as kinds: `auto:opened`, `auto:closed:<reason>`, `auto:reset`, `auto:event`, `auto:corrected`. */
function autoKind(ev: DerivedEvent): string | null {
  if (ev.type === 'event.updated' && ev.event_id?.startsWith('practice-')) return 'auto:event';
  if (ev.type !== 'race.updated' || !ev.race_id?.startsWith('practice-')) return null;
  const { change, race } = ev.payload;
  if (change.kind === 'started') return 'auto:opened';
  if (change.kind === 'finished') return `auto:closed:${race.finish_reason}`;
  if (change.kind === 'reset' || change.kind === 'correction') return `auto:${change.kind}`;
  return null;
}

it('replay - generated logs exercise laps, finishes, corrections, refusals, archiving, automatic practice and race meetings', () => {
  const kinds = new Set<string>();
  for (const seed of SEEDS) {
    const engine = RaceEngine.create();
    for (const e of logOf(seed).envelopes) {
      for (const ev of engine.apply(e)) {
        kinds.add(ev.type === 'race.updated' ? `${ev.type}:${ev.payload.change.kind}` : ev.type);
        const auto = autoKind(ev);
        if (auto) kinds.add(auto);
        if (ev.type === 'meeting.updated') for (const r of ev.payload.meeting.order) kinds.add(`meeting:${r.kind}:${r.status}`);
        if (ev.type === 'meeting.updated') for (const g of ev.payload.meeting.groups) if (g.confirmed.length > 0) kinds.add(`meeting:confirmed:${g.kind}`);
        if (ev.type === 'intent.refused' && ev.payload.intent.startsWith('meeting.')) kinds.add('meeting:refused');
      }
    }
  }
  for (const kind of ['auto:event', 'auto:opened', 'auto:closed:quiet', 'auto:closed:force_finish', 'auto:correction', 'race.updated:lap', 'race.updated:finish', 'race.updated:rejected', 'race.updated:suspect_short', 'race.updated:gate', 'race.updated:finished', 'race.updated:correction', 'race.updated:rescored', 'race.updated:reset', 'standings.updated', 'intent.refused', 'gate.unassigned', 'decoder.clock', 'event.archived', 'meeting.updated', 'meeting:refused', 'meeting:moto:finished', 'meeting:stage:finished', 'meeting:qualifier:finished', 'meeting:main:finished', 'meeting:confirmed:bmx', 'meeting:confirmed:rc']) {
    expect(kinds, kind).toContain(kind);
  }
});

it('replay - the same log gives byte-identical derived events on every replay', () => {
  for (const seed of SEEDS) {
    const log = logOf(seed);
    expect(replay(log.envelopes)).toEqual(replay(log.envelopes));
  }
});

it('replay - resuming from a snapshot taken after any envelope equals replaying from the start', () => {
  const rng = seededRng(77);
  for (const seed of SEEDS) {
    const { envelopes } = logOf(seed);
    const full = replay(envelopes);
    for (const cut of [0, envelopes.length, ...Array.from({ length: 6 }, () => rng.int(1, envelopes.length - 1))]) {
      const first = RaceEngine.create();
      const head = replay(envelopes.slice(0, cut), first);
      const resumed = RaceEngine.fromSnapshot(first.snapshot());
      const tail = replay(envelopes.slice(cut), resumed);
      expect([...head, ...tail], `seed ${seed}, cut ${cut}`).toEqual(full);
      expect(resumed.snapshot()).toBe(replayedSnapshot(envelopes));
    }
  }
});

function replayedSnapshot(envelopes: ReturnType<typeof randomRaceLog>['envelopes']): string {
  const engine = RaceEngine.create();
  for (const e of envelopes) engine.apply(e);
  return engine.snapshot();
}

it('replay - a snapshot from another state version is refused by name', () => {
  expect(() => RaceEngine.fromSnapshot(JSON.stringify({ v: 99 }))).toThrow('race engine snapshot version 99 is not 5: replay from the log instead');
});
