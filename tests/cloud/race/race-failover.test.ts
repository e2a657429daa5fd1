/** @module Race workers sharing tracks on a real nats-server: one owner per track, a dead worker's tracks taken over within 10 s, and a restart from saved state that publishes nothing twice and skips nothing, even long after the duplicate window. */
import { Objm } from '@nats-io/obj';
import { beforeEach, describe, expect, it } from 'vitest';
import { STREAMS, trackConsumerName } from '../../../shared/contracts/index.ts';
import { useCleanups, waitFor } from '../../harness/index.ts';
import { boxEvents, DUPLICATE_WINDOW_MS, eventsWhenCount, raceConfig, sendRaw, trackLog, type RaceStack, useRaceStack } from './support.ts';

const defer = useCleanups();
const raceStack = useRaceStack();
let stack: RaceStack;
beforeEach(() => {
  stack = raceStack();
});

const startSeq = async (track: string) => (await stack.jsm.consumers.info(STREAMS.ingestRaw, trackConsumerName('race', track))).config.opt_start_seq ?? 1;

describe('race worker failover', () => {
  it('race failover - two workers own each track exactly once; a killed one\'s tracks move to the other within 10 s and the outcomes stay the box\'s', async () => {
    const tracks = ['north', 'south', 'east'];
    const logs = tracks.map((t, i) => trackLog(t, 40 + i, 300));
    const part = (from: number, to: number) => Promise.all(logs.map((log) => sendRaw(stack.js, log.slice(from, to))));
    const a = await stack.startWorker();
    defer(() => a.stop());
    await part(0, 100);
    await waitFor('the first worker to take every track', () => a.owned().length === 3);

    const b = await stack.startWorker();
    defer(() => b.stop());
    // Two live workers: a fair share is two tracks, so the first hands one over.
    await waitFor('the tracks to spread over both workers', () => a.owned().length === 2 && b.owned().length === 1);
    expect([...a.owned(), ...b.owned()].sort()).toEqual([...tracks].sort());
    for (const track of tracks) {
      const owner = a.owned().includes(track) ? a : b;
      expect(a.ownerOf(track)).toBe(owner.workerId);
      expect(b.ownerOf(track)).toBe(owner.workerId);
    }
    await part(100, 200);

    const orphaned = a.owned();
    await stack.kill(a);
    await part(200, 300);
    await waitFor('the survivor to take the dead worker\'s tracks', () => orphaned.every((t) => b.owned().includes(t)), 10_000);
    expect(b.owned()).toEqual([...tracks].sort());
    for (const [i, track] of tracks.entries()) {
      const expected = boxEvents(logs[i]!);
      expect(await eventsWhenCount(stack, track, expected.length)).toEqual(expected);
    }
  });

  it('race failover - a restart resumes from the saved state: nothing skipped, nothing published twice, whether the state is there or lost', async () => {
    const log = trackLog('resume', 50, 600);
    const expected = boxEvents(log);
    // Saved after every 150 envelopes and never on a timer, so the crash below leaves the last 50 unsaved.
    const config = raceConfig({ snapshot_every: 150, snapshot_interval_ms: 3_600_000 });
    const before = (await stack.jsm.streams.info(STREAMS.ingestRaw)).state.last_seq;
    const first = await stack.startWorker(config);
    defer(() => first.stop());
    await sendRaw(stack.js, log.slice(0, 200));
    await eventsWhenCount(stack, 'resume', boxEvents(log.slice(0, 200)).length);
    await sendRaw(stack.js, log.slice(200, 250));
    await eventsWhenCount(stack, 'resume', boxEvents(log.slice(0, 250)).length);
    expect(first.stats.states_saved).toBeGreaterThan(0);
    await stack.kill(first);
    // Past the duplicate window, a republished event would be stored again: only the resume logic keeps it out.
    await new Promise((resolve) => setTimeout(resolve, DUPLICATE_WINDOW_MS + 500));

    const second = await stack.startWorker(config);
    defer(() => second.stop());
    await sendRaw(stack.js, log.slice(250, 400));
    expect(await eventsWhenCount(stack, 'resume', boxEvents(log.slice(0, 400)).length)).toEqual(boxEvents(log.slice(0, 400)));
    const resumedAt = await startSeq('resume');
    // After a saved state taken within the first 200 envelopes (the raw stream holds the other tests' tracks too).
    expect(resumedAt).toBeGreaterThan(before + 1);
    expect(resumedAt).toBeLessThanOrEqual(before + 201);

    // The saved state gone (a wiped object store): the whole raw stream is applied again, still without republishing.
    await stack.kill(second);
    await (await new Objm(stack.js).open('mre_race_state')).delete('resume');
    await new Promise((resolve) => setTimeout(resolve, DUPLICATE_WINDOW_MS + 500));
    const third = await stack.startWorker(config);
    defer(() => third.stop());
    await sendRaw(stack.js, log.slice(400));
    expect(await eventsWhenCount(stack, 'resume', expected.length)).toEqual(expected);
    expect(await startSeq('resume')).toBe(1);
    await waitFor('the third worker to apply the whole log', () => third.stats.envelopes === log.length);
  });
});
