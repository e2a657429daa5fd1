/** @module A race worker whose pull goes a second or more without a word from the server (the server paused, as a loaded machine pauses it) goes on with its next pull: the track is not taken up again from its saved state, and its events stay the box's. */
import { expect, it } from 'vitest';
import { freeze, thaw, useCleanups, waitFor } from '../../harness/index.ts';
import { boxEvents, eventsWhenCount, raceConfig, sendRaw, trackLog, useRaceStack } from './support.ts';

const defer = useCleanups();
const raceStack = useRaceStack();

it('race stall - a pull that misses its heartbeats while the server is paused is followed by the next; the track is not taken up again', async () => {
  const stack = raceStack();
  const log = trackLog('paused', 21, 300);
  // A lease long enough to outlast the pause: only the pull is meant to notice it.
  const worker = await stack.startWorker(raceConfig({ lease_ttl_ms: 9_000, heartbeat_ms: 1_500 }));
  defer(() => worker.stop());
  await sendRaw(stack.js, log.slice(0, 150));
  await waitFor('the worker to own the track', () => worker.owned().includes('paused'));
  await eventsWhenCount(stack, 'paused', boxEvents(log.slice(0, 150)).length);
  const resumes = worker.stats.resumes;

  // Two missed heartbeats of a one-second pull end it with "heartbeats missed".
  await freeze(stack.nats.pid);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  thaw(stack.nats.pid);
  // The pull the server still held has expired by now.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await sendRaw(stack.js, log.slice(150));

  expect(await eventsWhenCount(stack, 'paused', boxEvents(log).length)).toEqual(boxEvents(log));
  expect(worker.stats.resumes).toBe(resumes);
});
