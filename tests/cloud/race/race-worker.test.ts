/** @module A race worker on a real nats-server: a track's derived events in log order, byte for byte what the box's engine derives, with the contract's headers and a live snapshot per event; three tracks kept apart. */
import { beforeEach, describe, expect, it } from 'vitest';
import { idempotencyKey, parseIdempotencyKey, RACE_EVENT_HEADERS, raceEventMsgId, raceSnapshotSchema, STREAMS, subjects } from '../../../shared/contracts/index.ts';
import { raceChannelSnapshot, RaceEngine, type DerivedEvent } from '../../../shared/race/index.ts';
import { useCleanups, waitFor } from '../../harness/index.ts';
import { boxEvents, eventsWhenCount, raceEventsOf, sendRaw, trackLog, type RaceStack, useRaceStack } from './support.ts';

const defer = useCleanups();
const raceStack = useRaceStack();
let stack: RaceStack;
beforeEach(() => {
  stack = raceStack();
});

describe('race worker', () => {
  it('race worker - a track\'s derived events come out in log order, equal byte for byte to the box\'s, with the contract\'s headers and snapshots', async () => {
    const log = trackLog('alpha', 11, 500);
    const expected = boxEvents(log);
    // Part before the worker starts (found by discovery), the rest while it runs.
    await sendRaw(stack.js, log.slice(0, 200));
    const worker = await stack.startWorker();
    defer(() => worker.stop());
    await waitFor('the worker to own alpha', () => worker.owned().includes('alpha'));
    for (let i = 200; i < log.length; i += 60) await sendRaw(stack.js, log.slice(i, i + 60));
    expect(await eventsWhenCount(stack, 'alpha', expected.length)).toEqual(expected);

    const published = await raceEventsOf(stack, 'alpha');
    const byEnvelope = new Map(log.map((e) => [e.id, e]));
    for (const { body, headers } of published) {
      const event = JSON.parse(body) as DerivedEvent;
      const envelope = byEnvelope.get(event.id.slice(0, 26))!;
      expect(headers?.get(RACE_EVENT_HEADERS.msgId)).toBe(raceEventMsgId('alpha', event.id));
      expect(headers?.get(RACE_EVENT_HEADERS.source)).toBe(idempotencyKey(envelope));
      expect(parseIdempotencyKey(headers!.get(RACE_EVENT_HEADERS.source)).seq).toBe(envelope.seq);
      expect(headers?.get(RACE_EVENT_HEADERS.capturedAtUs)).toBe(String(envelope.captured_at_us));
      expect(headers?.get(RACE_EVENT_HEADERS.ingestedAtUs)).toBe(String(envelope.captured_at_us + 1000));
    }

    // The last snapshot of every event still live is what the box's live feed shows for it now.
    const box = RaceEngine.create();
    for (const e of log) box.apply(e);
    const live = box.events().map((e) => e.event_id);
    expect(live.length).toBeGreaterThan(0);
    const through = new Set(log.map((e) => idempotencyKey(e)));
    for (const eventId of live) {
      const stored = await stack.jsm.streams.getMessage(STREAMS.raceSnapshot, { last_by_subj: subjects.raceSnapshot('alpha', eventId) });
      const message = raceSnapshotSchema.parse(stored!.json());
      expect(message).toMatchObject({ track_id: 'alpha', event_id: eventId });
      expect(through.has(message.through)).toBe(true);
      expect(message.snapshot).toEqual(JSON.parse(JSON.stringify(raceChannelSnapshot(box, eventId))));
    }
    expect(worker.stats).toMatchObject({ envelopes: log.length, duplicates: 0, dead_lettered: 0, events: expected.length });
  });

  it('race worker - three tracks stay separate: each track\'s events are what the box derives from that track\'s log alone', async () => {
    const tracks = ['red', 'green', 'blue'];
    const logs = tracks.map((t, i) => trackLog(t, 20 + i, 250));
    const worker = await stack.startWorker();
    defer(() => worker.stop());
    // Interleaved, as several boxes' batches arrive at once.
    for (let i = 0; i < 250; i += 50) await Promise.all(logs.map((log) => sendRaw(stack.js, log.slice(i, i + 50))));
    for (const [i, track] of tracks.entries()) {
      const expected = boxEvents(logs[i]!);
      expect(await eventsWhenCount(stack, track, expected.length)).toEqual(expected);
    }
    expect(worker.owned()).toEqual(expect.arrayContaining(tracks));
  });
});
