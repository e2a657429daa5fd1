/** @module Poison envelopes on a real nats-server: ones that fail validation or make the engine throw land on timing.dlq.v1.<track> with the reason, the original bytes and the try count, and the track goes on exactly as the box's engine would. */
import { beforeEach, describe, expect, it } from 'vitest';
import { DLQ_HEADERS, STREAMS, subjects, type Envelope } from '../../../shared/contracts/index.ts';
import { RaceEngine } from '../../../shared/race/index.ts';
import type { EngineStep } from '../../../cloud/race/track-engine.ts';
import { useCleanups, waitFor } from '../../harness/index.ts';
import { eventsWhenCount, readSubject, sendRaw, trackLog, type RaceStack, useRaceStack } from './support.ts';

const defer = useCleanups();
const raceStack = useRaceStack();
let stack: RaceStack;
beforeEach(() => {
  stack = raceStack();
});

/** The box's engine host: an envelope that throws is logged and the box goes on with whatever state the throw left. */
function boxLike(envelopes: readonly Envelope[], step: EngineStep): string[] {
  const engine = RaceEngine.create();
  return envelopes.flatMap((e) => {
    try {
      return step(engine, e).events.map((event) => JSON.stringify(event));
    } catch {
      return [];
    }
  });
}

/** Stage intents the box's engine accepts: applied twice, the second is refused, so a retry on a dirty state shows. */
function acceptedStages(log: Envelope[]): Envelope[] {
  const engine = RaceEngine.create();
  return log.filter((e) => {
    const events = engine.apply(e);
    return e.message_type === 'CONTROL' && e.payload.intent === 'race.stage' && events.length > 0 && events.every((ev) => ev.type !== 'intent.refused');
  });
}

describe('race worker dead letters', () => {
  it('race dlq - an envelope the engine throws on is tried max_tries times from a clean state, dead-lettered, and later envelopes still derive the box\'s events', async () => {
    const log = trackLog('poison', 62, 400);
    const stages = acceptedStages(log);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const [flaky, poison] = [stages[0]!, stages.at(-1)!];
    let flakyFailures = 0;
    // Both change the state before they throw: only a retry from the state before the envelope gives the box's outcome.
    const step: EngineStep = (engine, envelope) => {
      const result = engine.applyStep(envelope);
      if (envelope.id === poison.id) throw new Error('poison stage');
      if (envelope.id === flaky.id && flakyFailures++ === 0) throw new Error('flaky stage');
      return result;
    };
    const worker = await stack.startWorker(undefined, { step });
    defer(() => worker.stop());
    await sendRaw(stack.js, log);

    const expected = boxLike(log, (engine, envelope) => (envelope.id === poison.id ? step(engine, envelope) : engine.applyStep(envelope)));
    expect(await eventsWhenCount(stack, 'poison', expected.length)).toEqual(expected);
    const dead = await waitFor('the dead letter', async () => {
      const found = await readSubject(stack.js, stack.jsm, STREAMS.dlq, subjects.dlq('poison'));
      return found.length > 0 ? found : undefined;
    });
    expect(dead).toHaveLength(1);
    const [letter] = dead;
    expect(JSON.parse(letter!.body)).toMatchObject({ id: poison.id, seq: poison.seq });
    expect(letter!.headers?.get(DLQ_HEADERS.reason)).toBe('race engine failed: Error: poison stage');
    expect(letter!.headers?.get(DLQ_HEADERS.tries)).toBe('3');
    expect(letter!.headers?.get(DLQ_HEADERS.role)).toBe('race');
    expect(letter!.headers?.get(DLQ_HEADERS.subject)).toBe(subjects.ingestRaw('poison'));
    expect(flakyFailures).toBeGreaterThan(1);
    expect(worker.stats).toMatchObject({ dead_lettered: 1, envelopes: log.length });
  });

  it('race dlq - envelopes that break the contract are dead-lettered at once with the reason and their bytes; the track goes on', async () => {
    const log = trackLog('garbled', 62, 200);
    const worker = await stack.startWorker();
    defer(() => worker.stop());
    await sendRaw(stack.js, log.slice(0, 100));
    const bad = ['{"not": "closed"', JSON.stringify({ ...log[0]!, id: 'x', contract_version: 'track_ingest.v9', seq: 999 }), JSON.stringify({ ...log[0]!, track_id: 'elsewhere', seq: 1000 })];
    for (const body of bad) await stack.js.publish(subjects.ingestRaw('garbled'), body);
    await sendRaw(stack.js, log.slice(100));

    const engine = RaceEngine.create();
    const expected = log.flatMap((e) => engine.apply(e).map((event) => JSON.stringify(event)));
    expect(await eventsWhenCount(stack, 'garbled', expected.length)).toEqual(expected);
    const dead = await waitFor('three dead letters', async () => {
      const found = await readSubject(stack.js, stack.jsm, STREAMS.dlq, subjects.dlq('garbled'));
      return found.length >= 3 ? found : undefined;
    });
    expect(dead.map((d) => d.body)).toEqual(bad);
    const reasons = dead.map((d) => d.headers?.get(DLQ_HEADERS.reason));
    expect(reasons[0]).toMatch(/^invalid envelope: not JSON/);
    expect(reasons[1]).toMatch(/unsupported contract_version "track_ingest.v9"/);
    expect(reasons[2]).toMatch(/track_id "elsewhere" on the raw subject of track garbled/);
    expect(dead.map((d) => d.headers?.get(DLQ_HEADERS.tries))).toEqual(['1', '1', '1']);
    expect(worker.stats).toMatchObject({ dead_lettered: 3, envelopes: 200 });
  });
});
