/** @module Re-sent envelopes on a real nats-server with a 2 s duplicate window: re-sends JetStream stores again (same Nats-Msg-Id after the window, and a box replaying its spool long after) derive nothing twice. */
import { Kvm } from '@nats-io/kv';
import { beforeEach, describe, expect, it } from 'vitest';
import { STREAMS, subjects } from '../../../shared/contracts/index.ts';
import { ulid } from '../../../shared/ids/index.ts';
import { useCleanups, waitFor } from '../../harness/index.ts';
import { BOOTS, boxEvents, DUPLICATE_WINDOW_MS, eventsWhenCount, raceConfig, sendRaw, trackLog, type RaceStack, useRaceStack } from './support.ts';

const defer = useCleanups();
const raceStack = useRaceStack();
let stack: RaceStack;
beforeEach(() => {
  stack = raceStack();
});

const rawCount = async (track: string) => (await stack.jsm.streams.info(STREAMS.ingestRaw, { subjects_filter: subjects.ingestRaw(track) })).state.subjects?.[subjects.ingestRaw(track)] ?? 0;

describe('race worker dedupe', () => {
  it('race dedupe - envelopes stored again after the duplicate window (same Nats-Msg-Id, and a spool replayed later) give no event twice', async () => {
    const first = trackLog('dup', 31, 300, BOOTS[0]);
    // The box restarts: a second boot whose seq starts at 1 again, so only the boot tells them apart.
    const second = trackLog('dup', 32, 200, BOOTS[1]);
    const worker = await stack.startWorker();
    defer(() => worker.stop());

    expect(await sendRaw(stack.js, first)).toBe(300);
    // Inside the window JetStream drops the re-send itself.
    expect(await sendRaw(stack.js, first.slice(0, 50))).toBe(0);
    await eventsWhenCount(stack, 'dup', boxEvents(first).length);

    await new Promise((resolve) => setTimeout(resolve, DUPLICATE_WINDOW_MS + 500));
    // After it the same ids are stored again: a box that lost its cursor sends part of its spool twice.
    expect(await sendRaw(stack.js, first.slice(100, 250))).toBe(150);
    expect(await sendRaw(stack.js, second.slice(0, 120))).toBe(120);
    await new Promise((resolve) => setTimeout(resolve, DUPLICATE_WINDOW_MS + 500));
    // The second boot's start again, then the whole first boot, interleaved with the rest of the second.
    expect(await sendRaw(stack.js, second.slice(0, 60))).toBe(60);
    expect(await sendRaw(stack.js, first)).toBe(300);
    expect(await sendRaw(stack.js, second.slice(120))).toBe(80);
    expect(await rawCount('dup')).toBe(300 + 150 + 120 + 60 + 300 + 80);

    const expected = boxEvents([...first, ...second]);
    await waitFor('every re-send to be looked at', () => worker.stats.duplicates === 150 + 60 + 300 && worker.stats.envelopes === 500);
    expect(await eventsWhenCount(stack, 'dup', expected.length)).toEqual(expected);
    expect(worker.stats).toMatchObject({ envelopes: 500, duplicates: 510, dead_lettered: 0, gaps: 0 });

    // The marks are in mre_dedupe too, for a worker that has to look a boot up again.
    const kv = await new Kvm(stack.js).open('mre_dedupe');
    expect((await kv.get(`dup.box-1.${BOOTS[0]}`))?.json()).toMatchObject({ seq: 300 });
    expect((await kv.get(`dup.box-1.${BOOTS[1]}`))?.json()).toMatchObject({ seq: 200 });
  });

  it('race dedupe - a boot that fell out of memory (past max_marks) is looked up in mre_dedupe, so its late re-send is still skipped', async () => {
    const boots = Array.from({ length: 130 }, () => ulid());
    const logs = boots.map((boot, i) => trackLog('many', 70 + i, 3, boot));
    const worker = await stack.startWorker(raceConfig({ max_marks: 100 }));
    defer(() => worker.stop());
    for (const log of logs) await sendRaw(stack.js, log);
    await waitFor('every boot applied', () => worker.stats.envelopes === 130 * 3);
    await new Promise((resolve) => setTimeout(resolve, DUPLICATE_WINDOW_MS + 500));
    // The oldest boots left memory long ago; their marks are only in the bucket now.
    expect(await sendRaw(stack.js, [...logs[0]!, ...logs[1]!])).toBe(6);
    const expected = boxEvents(logs.flat());
    await waitFor('the late re-send looked at', () => worker.stats.duplicates === 6);
    expect(await eventsWhenCount(stack, 'many', expected.length)).toEqual(expected);
    expect(worker.stats.envelopes).toBe(130 * 3);
  });
});
