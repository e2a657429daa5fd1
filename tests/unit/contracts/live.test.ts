/** @module Unit tests for the live WebSocket query (`/ws/v1/live?…`) and server message schemas. */
import { describe, expect, it } from 'vitest';
import { ContractError, LIVE_CHANNELS, parseLiveMessage, parseLiveQuery } from '../../../shared/contracts/index.ts';

function refusal(run: () => unknown): ContractError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return error as ContractError;
  }
  throw new Error('expected a ContractError, nothing was thrown');
}

function message(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'event',
    channel: 'race',
    track_id: 'mre-track',
    event_id: 'event-1',
    seq: 0,
    ts_us: 1_700_000_000_000_000,
    payload: { type: 'lap', transponder: 1234567 },
    ...overrides,
  };
}

describe('live query', () => {
  it('live - LIVE_CHANNELS are race and decoder', () => {
    expect(LIVE_CHANNELS).toEqual(['race', 'decoder']);
  });

  it('live - query defaults to channels race+decoder from now', () => {
    const query = parseLiveQuery({ track_id: 'mre-track' });
    expect(query).toEqual({ track_id: 'mre-track', channels: ['race', 'decoder'], from: 'now' });
    expect(query.event_id).toBeUndefined();
  });

  it('live - query treats undefined values as absent', () => {
    expect(parseLiveQuery({ track_id: 't1', channels: undefined, from: undefined, event_id: undefined })).toEqual({
      track_id: 't1',
      channels: ['race', 'decoder'],
      from: 'now',
    });
  });

  it('live - query keeps an event_id', () => {
    expect(parseLiveQuery({ track_id: 't1', event_id: 'e-42' }).event_id).toBe('e-42');
  });

  it.each([
    { text: 'race', channels: ['race'] },
    { text: 'decoder', channels: ['decoder'] },
    { text: 'decoder,race', channels: ['decoder', 'race'] },
    { text: ' race , decoder ', channels: ['race', 'decoder'] },
    { text: 'race,,decoder,', channels: ['race', 'decoder'] },
  ])('live - query parses channels=$text', ({ text, channels }) => {
    expect(parseLiveQuery({ track_id: 't1', channels: text }).channels).toEqual(channels);
  });

  it.each([
    { label: 'an unknown channel', text: 'laps' },
    { label: 'a known and an unknown channel', text: 'race,laps' },
    { label: 'an uppercase channel', text: 'RACE' },
  ])('live - query refuses $label, naming channels', ({ text }) => {
    const error = refusal(() => parseLiveQuery({ track_id: 't1', channels: text }));
    expect(error.message).toContain('channels');
    expect(error.issues.every((i) => i.path.startsWith('channels'))).toBe(true);
  });

  it.each([
    { label: 'empty', text: '' },
    { label: 'only commas', text: ',,' },
  ])('live - query refuses a channels list that is $label', ({ text }) => {
    const error = refusal(() => parseLiveQuery({ track_id: 't1', channels: text }));
    expect(error.message).toContain('channels');
  });

  it('live - query refuses a missing track_id, naming track_id', () => {
    const error = refusal(() => parseLiveQuery({ channels: 'race' }));
    expect(error.message).toContain('track_id');
    expect(error.issues.map((i) => i.path)).toEqual(['track_id']);
  });

  it.each(['Track', 'a.b', 'a*', 'a b', ''])('live - query refuses the track_id %j', (trackId) => {
    const error = refusal(() => parseLiveQuery({ track_id: trackId }));
    expect(error.issues.map((i) => i.path)).toEqual(['track_id']);
  });

  it('live - query refuses a bad event_id, naming event_id', () => {
    const error = refusal(() => parseLiveQuery({ track_id: 't1', event_id: 'e.1' }));
    expect(error.issues.map((i) => i.path)).toEqual(['event_id']);
  });

  it('live - query accepts from=now and refuses any other from', () => {
    expect(parseLiveQuery({ track_id: 't1', from: 'now' }).from).toBe('now');
    const error = refusal(() => parseLiveQuery({ track_id: 't1', from: 'beginning' }));
    expect(error.issues.map((i) => i.path)).toEqual(['from']);
  });
});

describe('live message', () => {
  it('live - message accepts a snapshot', () => {
    const input = message({ kind: 'snapshot', seq: 0, payload: { heats: [], standings: {} } });
    expect(parseLiveMessage(input)).toEqual(input);
  });

  it('live - message accepts an event', () => {
    const input = message({ kind: 'event', seq: 5 });
    expect(parseLiveMessage(input)).toEqual(input);
  });

  it('live - message accepts a heartbeat with an empty payload', () => {
    const input = message({ kind: 'heartbeat', channel: 'decoder', payload: {} });
    expect(parseLiveMessage(input)).toEqual(input);
  });

  it('live - message accepts an error with a code and a reconnect hint', () => {
    const input = message({
      kind: 'error',
      payload: { code: 'lagging', message: 'client fell behind', reconnect_after_ms: 1000 },
    });
    expect(parseLiveMessage(input)).toEqual(input);
  });

  it.each(['lagging', 'bad_request', 'unauthorized', 'unknown_track', 'internal'])('live - message accepts the error code %s', (code) => {
    const parsed = parseLiveMessage(message({ kind: 'error', payload: { code, message: 'x' } }));
    expect(parsed.kind).toBe('error');
    expect(parsed.payload).toEqual({ code, message: 'x' });
  });

  it('live - message accepts event_id null for a track-wide scope', () => {
    expect(parseLiveMessage(message({ event_id: null })).event_id).toBeNull();
  });

  it('live - message refuses an error without a code, naming payload.code', () => {
    const error = refusal(() => parseLiveMessage(message({ kind: 'error', payload: { message: 'lagging' } })));
    expect(error.issues.map((i) => i.path)).toContain('payload.code');
    expect(error.message).toContain('payload.code');
  });

  it('live - message refuses an unknown error code', () => {
    const error = refusal(() => parseLiveMessage(message({ kind: 'error', payload: { code: 'oops', message: 'x' } })));
    expect(error.issues.map((i) => i.path)).toContain('payload.code');
  });

  it('live - message refuses a negative reconnect_after_ms', () => {
    const error = refusal(() =>
      parseLiveMessage(message({ kind: 'error', payload: { code: 'lagging', message: 'x', reconnect_after_ms: -1 } })),
    );
    expect(error.issues.map((i) => i.path)).toContain('payload.reconnect_after_ms');
  });

  it('live - message refuses an unknown kind, naming kind', () => {
    const error = refusal(() => parseLiveMessage(message({ kind: 'lap' })));
    expect(error.issues.map((i) => i.path)).toEqual(['kind']);
  });

  it('live - message refuses a missing kind', () => {
    const input = message();
    delete input.kind;
    expect(() => parseLiveMessage(input)).toThrow(ContractError);
  });

  it.each([
    { label: 'negative', value: -1 },
    { label: 'fractional', value: 0.5 },
    { label: 'a string', value: '1' },
  ])('live - message refuses a seq that is $label, naming seq', ({ value }) => {
    const error = refusal(() => parseLiveMessage(message({ seq: value })));
    expect(error.issues.map((i) => i.path)).toEqual(['seq']);
  });

  it('live - message refuses a negative ts_us', () => {
    const error = refusal(() => parseLiveMessage(message({ ts_us: -5 })));
    expect(error.issues.map((i) => i.path)).toEqual(['ts_us']);
  });

  it('live - message refuses an unknown channel', () => {
    const error = refusal(() => parseLiveMessage(message({ channel: 'laps' })));
    expect(error.issues.map((i) => i.path)).toEqual(['channel']);
  });

  it('live - message refuses a heartbeat carrying payload fields', () => {
    expect(() => parseLiveMessage(message({ kind: 'heartbeat', payload: { n: 1 } }))).toThrow(ContractError);
  });

  it('live - message refuses a missing event_id', () => {
    const input = message();
    delete input.event_id;
    const error = refusal(() => parseLiveMessage(input));
    expect(error.issues.map((i) => i.path)).toEqual(['event_id']);
  });

  it('live - message refuses an unknown top-level field', () => {
    const error = refusal(() => parseLiveMessage(message({ extra: true })));
    expect(error.message).toContain('extra');
  });

  it('live - message refuses a bad track_id', () => {
    const error = refusal(() => parseLiveMessage(message({ track_id: 'T.1' })));
    expect(error.issues.map((i) => i.path)).toEqual(['track_id']);
  });

  it('live - message refuses a non-object', () => {
    expect(() => parseLiveMessage(null)).toThrow(ContractError);
    expect(() => parseLiveMessage('{"kind":"heartbeat"}')).toThrow(ContractError);
  });
});
