/** @module Decoder link over loopback TCP when things go wrong: closed sockets, a decoder that is away, silence, quiet logs. */
import { describe, expect, test } from 'vitest';
import type { DecoderLink } from '../../../appliance/decoder/index.ts';
import { freePort, useCleanups } from '../../harness/index.ts';
import {
  captureLogs, collectingLink, passing, serveDecoder, startDecoderServer, startStalledListener, statusRecord, testLink, waitUntil,
} from './helpers.ts';

const defer = useCleanups();

const server = (...args: Parameters<typeof startDecoderServer>) => serveDecoder(defer, ...args);
const link = (port: number, options: Parameters<typeof testLink>[1] = {}): DecoderLink => collectingLink(defer, `tcp://127.0.0.1:${port}`, options).link;

const warnings = (lines: string[]) => lines.filter((line) => line.startsWith('<4>'));

describe('decoder link reconnects over TCP', () => {
  test('decoder link - reconnects by itself each time the decoder closes the socket', async () => {
    // The decoder hangs up right after each record, as one with a full client table might.
    const s = await server((socket, index) => socket.end(passing(index + 1)));
    const l = link(s.port);
    const numbers: number[] = [];
    l.on('record', (d) => numbers.push(d.record.type === 'PASSING' ? d.record.passing_number! : -1));
    l.start();
    await waitUntil('three connections delivered', () => numbers.length, (n) => n >= 3);
    expect(numbers.slice(0, 3)).toEqual([1, 2, 3]);
    expect(l.status().reconnects).toBeGreaterThanOrEqual(2);
    expect(l.status().last_error).toBe('decoder closed the connection');
  });

  test('decoder link - half a frame from a dead connection is dropped, not joined to the next connection', async () => {
    const s = await server((socket, index) => {
      const frame = passing(index + 1);
      if (index === 0) socket.end(frame.subarray(0, frame.length - 6));
      else socket.write(frame);
    });
    const l = link(s.port);
    const bad: unknown[] = [];
    l.on('bad', (d) => bad.push(d));
    l.start();
    await waitUntil('the record of the second connection', () => l.status().frames_good, (n) => n === 1);
    expect(l.status()).toMatchObject({ frames_good: 1, frames_bad: 0, reconnects: 1 });
    expect(bad).toEqual([]);
  });

  test('decoder link - a decoder away for a while is reconnected when it returns, with one warning and no flood', async () => {
    const logs = captureLogs();
    defer(logs.restore);
    const first = await server((socket) => socket.write(statusRecord()));
    const port = first.port;
    const l = link(port, { maxBackoffMs: 20 });
    l.start();
    await waitUntil('first STATUS', () => l.status().frames_good, (n) => n === 1);
    await first.close();
    // Well past the first few refusals, so a warning per attempt would show.
    const down = await waitUntil('ten failed attempts', () => l.status(), (st) => st.reconnects >= 10);
    expect(down.state === 'disconnected' || down.state === 'connecting').toBe(true);
    expect(down.last_error).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`);

    await server((socket) => socket.write(statusRecord()), port);
    const back = await waitUntil('STATUS from the returned decoder', () => l.status(), (st) => st.frames_good === 2);
    expect(back.state).toBe('connected');

    expect(warnings(logs.lines)).toEqual([
      expect.stringMatching(new RegExp(`^<4>appliance:link: decoder link lost source=tcp://127\\.0\\.0\\.1:${port} reason="[^"]+" retry_in_ms=\\d+$`)),
    ]);
    const restored = logs.lines.filter((line) => line.startsWith('<6>appliance:link: decoder link restored after '));
    expect(restored).toEqual([expect.stringContaining(`attempts=${back.reconnects} `)]);
    expect(back.reconnects).toBeGreaterThanOrEqual(11);
    expect(logs.lines.filter((line) => line.startsWith('<3>'))).toEqual([]);
  });

  test('decoder link - an unreachable decoder at start-up is one warning, then quiet retries with a clear error', async () => {
    const logs = captureLogs();
    defer(logs.restore);
    const port = await freePort();
    const l = link(port, { maxBackoffMs: 20 });
    l.start();
    const st = await waitUntil('five failed attempts', () => l.status(), (s) => s.reconnects >= 5);
    expect(st.last_error).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(st.connected_since_us).toBeUndefined();
    expect(warnings(logs.lines)).toEqual([
      expect.stringMatching(/^<4>appliance:link: decoder unreachable source=\S+ reason="connect ECONNREFUSED 127\.0\.0\.1:\d+" retry_in_ms=\d+$/),
    ]);
  });

  test('decoder link - a connect that hangs is abandoned after connectTimeoutMs and retried', async () => {
    const stalled = await startStalledListener();
    defer(() => stalled.close());
    const l = link(stalled.port, { connectTimeoutMs: 100, maxBackoffMs: 20 });
    l.start();
    const st = await waitUntil('two timed-out attempts', () => l.status(), (s) => s.reconnects >= 2);
    expect(st.last_error).toBe(`connect timeout after 100 ms to 127.0.0.1:${stalled.port}`);
    expect(st.state === 'disconnected' || st.state === 'connecting').toBe(true);
    expect(st.connected_since_us).toBeUndefined();
  });

  test('decoder link - a decoder that accepts but sends nothing is dropped after the idle timeout and retried', async () => {
    const logs = captureLogs();
    defer(logs.restore);
    const closedByLink: number[] = [];
    const s = await server((socket, index) => socket.once('close', () => closedByLink.push(index)));
    const l = link(s.port, { idleTimeoutMs: 150, maxBackoffMs: 20 });
    l.start();
    await waitUntil('three connections', () => s.sockets.length, (n) => n >= 3);
    expect(closedByLink.slice(0, 2)).toEqual([0, 1]);
    expect(l.status().last_error).toBe('no data for 0.15 s');
    expect(l.status().frames_good).toBe(0);
    expect(warnings(logs.lines)).toEqual([expect.stringContaining('decoder link lost source=tcp://127.0.0.1:')]);
    expect(warnings(logs.lines)[0]).toContain('reason="no data for 0.15 s"');
    // Silent decoders must not log "connected" on every retry either.
    expect(logs.lines.filter((line) => line.includes('decoder link connected'))).toHaveLength(1);
  });

  test('decoder link - data resets the idle timer, so a decoder that keeps talking stays connected', async () => {
    let n = 0;
    const s = await server((socket) => {
      const timer = setInterval(() => socket.write(passing(++n)), 20);
      socket.once('close', () => clearInterval(timer));
    });
    const l = link(s.port, { idleTimeoutMs: 500 });
    l.start();
    // Sixty records 20 ms apart span more than two idle timeouts.
    await waitUntil('sixty records', () => l.status().frames_good, (count) => count >= 60);
    expect(l.status()).toMatchObject({ state: 'connected', reconnects: 0 });
    expect(s.sockets).toHaveLength(1);
  });
});
