/**
 * @module Read models are replay-safe against a real nats-server: the same events republished (as after
 * JetStream's duplicate window), the whole stream replayed into the full bucket, and the stream replayed
 * into an emptied bucket all leave exactly the same models; two projection processes on the one durable
 * consumer build the same models as one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectionRole } from '../../../cloud/projection/projection-role.ts';
import { waitFor } from '../../harness/index.ts';
import { clubDayOn, randomTrackLog, TrackStream } from '../../support/race-stream.ts';
import { dropConsumer, emptyBucket, readModels, startProjectionStack, type ProjectionStack } from './support.ts';

let stack: ProjectionStack;
beforeEach(async () => {
  stack = await startProjectionStack();
});
afterEach(async () => {
  await stack?.stop();
});

const settled = (role: ProjectionRole, what: 'applied' | 'replayed' | 'duplicates', count: number) =>
  waitFor(`${count} events ${what}`, () => role.projector.stats()[what] === count);

/** The models of one track with its id replaced, to compare two tracks fed the same log. */
const renamed = (models: Map<string, string>, from: string, to: string) =>
  new Map([...models].filter(([key]) => key.includes(`.${from}`)).map(([key, value]) => [key.replace(`.${from}`, `.${to}`), value.replaceAll(`"${from}"`, `"${to}"`)]));

describe('projection replay', () => {
  it('projection replay - republished duplicates, a replay into the full bucket and a rebuild into an empty one all give the same models', async () => {
    const alpha = new TrackStream(stack.js, 'alpha', clubDayOn('alpha'));
    const beta = new TrackStream(stack.js, 'beta', randomTrackLog('beta', 5, 300));
    await alpha.publishAll(7);
    await beta.publishAll(20);
    const total = alpha.published.length + beta.published.length;
    let role = await stack.startRole();
    await settled(role, 'applied', total);
    const original = await readModels(stack.kv);
    expect([...original.keys()].filter((k) => k.startsWith('tracks.'))).toEqual(['tracks.alpha', 'tracks.beta']);
    expect(original.size).toBeGreaterThan(20);

    await alpha.republish();
    await beta.republish();
    await settled(role, 'duplicates', total);
    expect(role.projector.stats()).toMatchObject({ applied: total, duplicates: total, dead_lettered: 0 });
    expect(await readModels(stack.kv)).toEqual(original);

    await role.close();
    await dropConsumer(stack.nc);
    role = await stack.startRole();
    // The originals are at or below each track's last applied sequence; the republished copies above it are duplicates by source.
    await waitFor('the stream replayed', () => role.projector.stats().replayed + role.projector.stats().duplicates === 2 * total);
    expect(role.projector.stats()).toMatchObject({ applied: 0, replayed: total, duplicates: total });
    expect(await readModels(stack.kv)).toEqual(original);

    await role.close();
    await dropConsumer(stack.nc);
    await emptyBucket(stack.nc);
    expect((await readModels(stack.kv)).size).toBe(0);
    role = await stack.startRole();
    await settled(role, 'duplicates', total);
    expect(role.projector.stats()).toMatchObject({ applied: total, replayed: 0 });
    expect(await readModels(stack.kv)).toEqual(original);
  });

  it('projection replay - two projection processes sharing the durable consumer build the same models as one process', async () => {
    const solo = new TrackStream(stack.js, 'solo', clubDayOn('solo', 9));
    await solo.publishAll(5);
    const one = await stack.startRole();
    await settled(one, 'applied', solo.published.length);
    await one.close();

    const first = await stack.startRole();
    const second = await stack.startRole();
    const duo = new TrackStream(stack.js, 'duo', clubDayOn('duo', 9));
    await duo.publishAll(5);
    await waitFor('both processes done', () => first.projector.stats().applied + second.projector.stats().applied === duo.published.length);
    const models = await readModels(stack.kv);
    const soloModels = renamed(models, 'solo', 'duo');
    const duoModels = new Map([...models].filter(([key]) => key.includes('.duo')));
    // Stream sequences differ between the two tracks; everything else must not.
    const withoutSeq = (m: Map<string, string>) => new Map([...m].map(([k, v]) => [k, v.replace(/"seq":\d+/, '"seq":0')]));
    expect(withoutSeq(duoModels)).toEqual(withoutSeq(soloModels));
    expect(duoModels.size).toBeGreaterThan(8);
  });
});
