/** @module Unit tests for the JetStream stream names, subject builders and consumer names. */
import { describe, expect, it } from 'vitest';
import { ContractError, STREAMS, STREAM_SUBJECTS, subjects, trackConsumerName } from '../../../shared/contracts/index.ts';

/** NATS subject matching: `*` matches one token, `>` the rest (one or more tokens). */
function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}

const BAD_TOKENS = [
  { label: 'a dot', value: 'a.b' },
  { label: 'a * wildcard', value: 'a*' },
  { label: 'a lone *', value: '*' },
  { label: 'a > wildcard', value: 'a>' },
  { label: 'a lone >', value: '>' },
  { label: 'a space', value: 'a b' },
  { label: 'a tab', value: 'a\tb' },
  { label: 'a newline', value: 'ab\n' },
  { label: 'a leading space', value: ' ab' },
  { label: 'nothing', value: '' },
  { label: 'uppercase', value: 'Ab' },
  { label: 'a colon', value: 'a:b' },
];

describe('subjects', () => {
  it('subjects - stream names are the v1 names from the design', () => {
    expect(STREAMS).toEqual({
      ingestRaw: 'timing_ingest_raw_v1',
      raceEvents: 'timing_race_events_v1',
      raceSnapshot: 'timing_race_snapshot_v1',
      dlq: 'timing_dlq_v1',
    });
  });

  it('subjects - stream subject filters are the ones from the design', () => {
    expect(STREAM_SUBJECTS).toEqual({
      ingestRaw: 'timing.ingest.raw.v1.*',
      raceEvents: 'timing.race.events.v1.*',
      raceSnapshot: 'timing.race.snapshot.v1.*.*',
      dlq: 'timing.dlq.v1.*',
    });
  });

  it('subjects - ingestRaw builds timing.ingest.raw.v1.<track>', () => {
    expect(subjects.ingestRaw('mre-track_1')).toBe('timing.ingest.raw.v1.mre-track_1');
  });

  it('subjects - raceEvents builds timing.race.events.v1.<track>', () => {
    expect(subjects.raceEvents('t1')).toBe('timing.race.events.v1.t1');
  });

  it('subjects - raceSnapshot builds timing.race.snapshot.v1.<track>.<event>', () => {
    expect(subjects.raceSnapshot('t1', 'event-2024_05')).toBe('timing.race.snapshot.v1.t1.event-2024_05');
  });

  it('subjects - dlq builds timing.dlq.v1.<track>', () => {
    expect(subjects.dlq('t1')).toBe('timing.dlq.v1.t1');
  });

  it('subjects - every built subject falls under its own stream filter and no other', () => {
    const built: Record<keyof typeof STREAMS, string> = {
      ingestRaw: subjects.ingestRaw('t1'),
      raceEvents: subjects.raceEvents('t1'),
      raceSnapshot: subjects.raceSnapshot('t1', 'e1'),
      dlq: subjects.dlq('t1'),
    };
    for (const [key, subject] of Object.entries(built)) {
      for (const [filterKey, filter] of Object.entries(STREAM_SUBJECTS)) {
        expect(subjectMatches(filter, subject), `${subject} vs ${filter}`).toBe(key === filterKey);
      }
    }
  });

  it.each(BAD_TOKENS)('subjects - every track builder refuses a track_id with $label', ({ value }) => {
    expect(() => subjects.ingestRaw(value)).toThrow(ContractError);
    expect(() => subjects.raceEvents(value)).toThrow(ContractError);
    expect(() => subjects.dlq(value)).toThrow(ContractError);
    expect(() => subjects.raceSnapshot(value, 'e1')).toThrow(ContractError);
  });

  it.each(BAD_TOKENS)('subjects - raceSnapshot refuses an event_id with $label', ({ value }) => {
    expect(() => subjects.raceSnapshot('t1', value)).toThrow(ContractError);
  });

  it('subjects - the refusal names the field and quotes the value', () => {
    expect(() => subjects.ingestRaw('a.b')).toThrow(/track_id "a\.b"/);
    expect(() => subjects.raceSnapshot('t1', 'e>')).toThrow(/event_id "e>"/);
  });

  it('subjects - trackConsumerName joins role and track with an underscore', () => {
    expect(trackConsumerName('engine', 'mre-track')).toBe('engine_mre-track');
  });

  it('subjects - trackConsumerName refuses a bad role, naming role', () => {
    expect(() => trackConsumerName('race.engine', 't1')).toThrow(/role "race\.engine"/);
    expect(() => trackConsumerName('', 't1')).toThrow(ContractError);
    expect(() => trackConsumerName('Engine', 't1')).toThrow(ContractError);
  });

  it('subjects - trackConsumerName cannot give two role and track pairs one name', () => {
    expect(() => trackConsumerName('race_engine', 'x')).toThrow(/lowercase letters/);
    expect(trackConsumerName('race', 'engine_x')).toBe('race_engine_x');
  });

  it.each(BAD_TOKENS)('subjects - trackConsumerName refuses a track_id with $label', ({ value }) => {
    expect(() => trackConsumerName('engine', value)).toThrow(ContractError);
  });
});
