/** @module Decoder link flow control over loopback TCP: a held link reads nothing and is not called dead; a busy loop does not kill a flowing link. */
import { describe, expect, test } from 'vitest';
import { useCleanups } from '../../harness/index.ts';
import { collectingLink, concat, passing, serveDecoder, sleep, waitUntil } from './helpers.ts';
import type { P3Record } from '../../../shared/p3/index.ts';

const defer = useCleanups();

/** Blocks this thread, as a long synchronous task on a loaded box does. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/** A link connected to a fresh decoder, held, with `count` passings numbered from 1 sent to it in one write. */
async function heldWithPassings(count: number, idleTimeoutMs: number) {
  const s = await serveDecoder(defer);
  const { link, records } = collectingLink(defer, `tcp://127.0.0.1:${s.port}`, { idleTimeoutMs });
  link.start();
  await waitUntil('connected', () => link.status().state, (state) => state === 'connected');
  link.pause();
  s.sockets[0]!.write(concat(...Array.from({ length: count }, (_, i) => passing(i + 1))));
  return { link, records };
}

const numbers = (records: P3Record[]) => records.map((r) => (r.type === 'PASSING' ? r.passing_number : -1));
const oneTo = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

describe('decoder link flow control', () => {
  test('decoder link - a held link reads nothing until resumed, then gets every record in order', async () => {
    const { link, records } = await heldWithPassings(50, 300);
    expect(link.status()).toMatchObject({ paused: true, pauses: 1 });
    // Longer than the silence window: a held link is quiet because we asked, not because the decoder died.
    await sleep(900);
    expect(records).toHaveLength(0);
    expect(link.status()).toMatchObject({ state: 'connected', reconnects: 0 });
    link.resume();
    await waitUntil('every record after resume', () => records.length, (n) => n === 50);
    expect(numbers(records)).toEqual(oneTo(50));
    expect(link.status()).toMatchObject({ paused: false, reconnects: 0 });
  });

  test('decoder link - a read of thousands of frames is fed a few kilobytes a turn, so the event loop is never held by one read; held mid-read, it reads no more', async () => {
    const count = 3000;
    const { link, records } = await heldWithPassings(count, 10_000);
    await sleep(200);
    // Turns of the event loop, counted alongside the records that arrive in each.
    const perTurn: number[] = [0];
    let counting = true;
    const tick = () => {
      perTurn.push(0);
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    link.on('record', () => (perTurn[perTurn.length - 1]! += 1));
    link.resume();
    await waitUntil('a few hundred records', () => records.length, (n) => n >= 300);
    link.pause();
    const atPause = records.length;
    await sleep(300);
    const afterPause = records.length;
    link.resume();
    await waitUntil('every record', () => records.length, (n) => n === count);
    counting = false;
    // A whole read (up to 64 KiB, well over a thousand frames) in one turn was the old way; now a
    // turn holds at most a read's first slice (in the poll phase) and one more (in the check phase).
    // A loaded machine spins many empty turns: reduce, since spreading them all overflows the stack.
    expect(perTurn.reduce((a, b) => Math.max(a, b), 0)).toBeLessThanOrEqual(2 * (Math.ceil(4096 / passing(1).length) + 1));
    // Held, the link finishes the read it has and takes no more.
    expect(afterPause - atPause).toBeLessThan(count - atPause);
    expect(numbers(records)).toEqual(oneTo(count));
  });

  test('decoder link - a connection made while held starts held', async () => {
    const s = await serveDecoder(defer, (socket) => socket.write(passing(7)));
    const { link, records } = collectingLink(defer, `tcp://127.0.0.1:${s.port}`);
    link.pause();
    link.start();
    await waitUntil('connected', () => link.status().state, (state) => state === 'connected');
    await sleep(200);
    expect(records).toHaveLength(0);
    link.resume();
    await waitUntil('the record', () => records.length, (n) => n === 1);
  });

  test('decoder link - a loop busy past the silence window does not drop a decoder that kept sending', async () => {
    let timer: NodeJS.Timeout | undefined;
    const s = await serveDecoder(defer, (socket) => {
      let n = 0;
      timer = setInterval(() => socket.write(passing(++n)), 50);
    });
    defer(() => clearInterval(timer));
    const { link, records } = collectingLink(defer, `tcp://127.0.0.1:${s.port}`, { idleTimeoutMs: 400 });
    link.start();
    await waitUntil('records flowing', () => records.length, (n) => n >= 3);
    // The decoder's bytes arrive during the block; the timer is due when it ends.
    for (let i = 0; i < 3; i++) {
      busy(700);
      await sleep(20);
    }
    const before = records.length;
    await waitUntil('records still flowing', () => records.length, (n) => n > before + 3);
    expect(link.status()).toMatchObject({ state: 'connected', reconnects: 0 });
    expect(link.status().last_error).toBeUndefined();
  });
});
