/** @module Decoder link flow control over loopback TCP: a held link reads nothing and is not called dead; a busy loop does not kill a flowing link. */
import { describe, expect, test } from 'vitest';
import { useCleanups } from '../../harness/index.ts';
import { collectingLink, concat, passing, serveDecoder, sleep, waitUntil } from './helpers.ts';

const defer = useCleanups();

/** Blocks this thread, as a long synchronous task on a loaded box does. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe('decoder link flow control', () => {
  test('decoder link - a held link reads nothing until resumed, then gets every record in order', async () => {
    const s = await serveDecoder(defer);
    const { link, records } = collectingLink(defer, `tcp://127.0.0.1:${s.port}`, { idleTimeoutMs: 300 });
    link.start();
    await waitUntil('connected', () => link.status().state, (state) => state === 'connected');
    link.pause();
    expect(link.status()).toMatchObject({ paused: true, pauses: 1 });
    s.sockets[0]!.write(concat(...Array.from({ length: 50 }, (_, i) => passing(i + 1))));
    // Longer than the silence window: a held link is quiet because we asked, not because the decoder died.
    await sleep(900);
    expect(records).toHaveLength(0);
    expect(link.status()).toMatchObject({ state: 'connected', reconnects: 0 });
    link.resume();
    await waitUntil('every record after resume', () => records.length, (n) => n === 50);
    expect(records.map((r) => (r.type === 'PASSING' ? r.passing_number : -1))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(link.status()).toMatchObject({ paused: false, reconnects: 0 });
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
