/** @module Decoder link over a real serial line (socat pty pair): records, requests, pulled cable, reopen, missing device. */
import { describe, expect, test } from 'vitest';
import { getTimeRequest, versionRequest } from '../../../shared/p3/index.ts';
import type { LinkState } from '../../../appliance/decoder/index.ts';
import { openPtyEnd, openPtyPair, useCleanups, type PtyEnd, type PtyPair } from '../../harness/index.ts';
import { captureLogs, collectingLink, concat, DECODER_ID, passing, statusRecord, testLink, waitUntil } from './helpers.ts';

const defer = useCleanups();

async function cable(): Promise<{ pair: PtyPair; decoder: PtyEnd }> {
  const pair = await openPtyPair();
  defer(() => pair.stop());
  const decoder = await openPtyEnd(pair.b);
  defer(() => decoder.close());
  return { pair, decoder };
}

const link = (path: string, options: Parameters<typeof testLink>[1] = {}) => collectingLink(defer, path, options);

describe('decoder link over serial', () => {
  test('decoder link - frames written to the far end of a pty arrive as records, and the requests go out', async () => {
    const { pair, decoder } = await cable();
    const { link: l, records } = link(pair.a);
    l.start();
    await waitUntil('port open', () => l.status().state, (st) => st === 'connected');
    expect(l.status()).toMatchObject({ transport: 'serial', source: pair.a });
    const getTime = getTimeRequest();
    const version = versionRequest();
    expect(await decoder.read(getTime.length)).toEqual(Buffer.from(getTime));
    expect(await decoder.read(version.length)).toEqual(Buffer.from(version));

    const frames = concat(passing(1), statusRecord(), passing(2));
    await decoder.write(frames.subarray(0, 20));
    await decoder.write(frames.subarray(20));
    await waitUntil('three records', () => records.length, (n) => n >= 3);
    expect(records.map((r) => r.type)).toEqual(['PASSING', 'STATUS', 'PASSING']);
    expect(l.status()).toMatchObject({ decoder_id: DECODER_ID, frames_good: 3, bytes_received: frames.length });
  });

  test('decoder link - a held serial link reads nothing until resumed, then gets what the decoder sent', async () => {
    const { pair, decoder } = await cable();
    const { link: l, records } = link(pair.a, { idleTimeoutMs: 300 });
    l.start();
    await waitUntil('port open', () => l.status().state, (st) => st === 'connected');
    l.pause();
    await decoder.write(concat(passing(1), passing(2), passing(3)));
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(records).toHaveLength(0);
    expect(l.status()).toMatchObject({ state: 'connected', paused: true, reconnects: 0 });
    l.resume();
    await waitUntil('three records', () => records.length, (n) => n === 3);
    expect(records.map((r) => (r.type === 'PASSING' ? r.passing_number : -1))).toEqual([1, 2, 3]);
  });

  test('decoder link - a pulled cable (socat killed) leaves the link disconnected and retrying, with a clear error', async () => {
    const logs = captureLogs();
    defer(logs.restore);
    const { pair, decoder } = await cable();
    const { link: l, records } = link(pair.a, { maxBackoffMs: 20 });
    const states: LinkState[] = [];
    l.on('status', (st) => states.push(st.state));
    l.start();
    await waitUntil('port open', () => l.status().state, (st) => st === 'connected');
    await decoder.write(statusRecord());
    await waitUntil('a record', () => records.length, (n) => n === 1);

    await pair.kill();
    const lost = await waitUntil('the link noticing', () => l.status(), (st) => st.state !== 'connected');
    expect(lost.last_error).toBe(`serial port ${pair.a} unplugged`);
    expect(states.slice(0, 3)).toEqual(['connecting', 'connected', 'disconnected']);
    // The device node is gone with socat: every reopen (a new SerialPort each time) fails, and the link keeps at it.
    const retrying = await waitUntil('three reopen attempts', () => l.status(), (st) => st.reconnects >= 3);
    expect(retrying.state === 'disconnected' || retrying.state === 'connecting').toBe(true);
    expect(retrying.last_error).toMatch(new RegExp(`^cannot open serial port ${pair.a}: `));
    await l.stop();
    const lostLine = new RegExp(`^<4>appliance:link: decoder link lost source=${pair.a} reason="serial port ${pair.a} unplugged" retry_in_ms=\\d+$`);
    expect(logs.lines.filter((line) => line.startsWith('<4>'))).toEqual([expect.stringMatching(lostLine)]);
  });

  test('decoder link - a silent serial port is reopened with a new port after the idle timeout', async () => {
    const { pair, decoder } = await cable();
    const { link: l, records } = link(pair.a, { idleTimeoutMs: 200, maxBackoffMs: 20 });
    l.start();
    const reopened = await waitUntil('a reopen after silence', () => l.status(), (st) => st.reconnects >= 1 && st.state === 'connected');
    expect(reopened.last_error).toBe('no data for 0.2 s');
    // The reopened port still carries frames, so the old one was released and the new one works.
    await decoder.write(passing(7));
    await waitUntil('the record through the reopened port', () => records.length, (n) => n >= 1);
    expect(records[0]).toMatchObject({ type: 'PASSING', passing_number: 7 });
  });

  test('decoder link - a device path that does not exist is a clear error, retried, and nothing throws', async () => {
    const logs = captureLogs();
    defer(logs.restore);
    const { link: l } = link('/dev/does-not-exist', { maxBackoffMs: 20 });
    l.start();
    const st = await waitUntil('three attempts', () => l.status(), (s) => s.reconnects >= 3);
    expect(st).toMatchObject({ transport: 'serial', frames_good: 0, bytes_received: 0 });
    expect(st.state === 'disconnected' || st.state === 'connecting').toBe(true);
    expect(st.last_error).toBe('cannot open serial port /dev/does-not-exist: No such file or directory');
    expect(logs.lines.filter((line) => line.startsWith('<4>'))).toEqual([
      expect.stringMatching(/^<4>appliance:link: decoder unreachable source=\/dev\/does-not-exist reason="cannot open serial port \/dev\/does-not-exist: No such file or directory" retry_in_ms=\d+$/),
    ]);
    await l.stop();
    expect(l.status().state).toBe('stopped');
  });
});
