/** @module Decoder link over loopback TCP: records in order, requests on connect, clock offset, identity, bad frames, listeners. */
import { describe, expect, test } from 'vitest';
import { encodeRecord, TOR, type DecodedFrame } from '../../../shared/p3/index.ts';
import type { LinkState } from '../../../appliance/decoder/index.ts';
import { useCleanups } from '../../harness/index.ts';
import {
  captureLogs, collectingLink, concat, DECODER_ID, passing, serveDecoder, sleep, startDecoderServer, statusRecord, testLink, waitUntil, writeApart,
} from './helpers.ts';

const defer = useCleanups();

const server = (...args: Parameters<typeof startDecoderServer>) => serveDecoder(defer, ...args);
const link = (port: number, options: Parameters<typeof testLink>[1] = {}) => collectingLink(defer, `tcp://127.0.0.1:${port}`, options);

describe('decoder link over TCP', () => {
  test('decoder link - records arrive decoded and in order over TCP, including frames split across writes', async () => {
    const frames = [passing(1), passing(2), passing(3), passing(4), passing(5), statusRecord()];
    const all = concat(...frames);
    const s = await server(async (socket) => {
      await writeApart(socket, frames[0]!);
      await writeApart(socket, frames[1]!.subarray(0, 3));
      await writeApart(socket, frames[1]!.subarray(3));
      for (const byte of frames[2]!) await writeApart(socket, Uint8Array.of(byte));
      // Two whole frames and the first half of the STATUS in one write; the rest later.
      const rest = concat(frames[3]!, frames[4]!, frames[5]!);
      await writeApart(socket, rest.subarray(0, rest.length - 9));
      await writeApart(socket, rest.subarray(rest.length - 9));
    });
    const { link: l, records } = link(s.port);
    const times: number[] = [];
    l.on('record', (_d, at) => times.push(at));
    l.start();
    await waitUntil('six records', () => records.length, (n) => n >= 6);
    expect(records.map((r) => r.type)).toEqual(['PASSING', 'PASSING', 'PASSING', 'PASSING', 'PASSING', 'STATUS']);
    expect(records.map((r) => (r.type === 'PASSING' ? r.passing_number : undefined))).toEqual([1, 2, 3, 4, 5, undefined]);
    expect(records[0]).toMatchObject({ transponder: 1_000_001, decoder_id: DECODER_ID, crc_ok: true });
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(l.status()).toMatchObject({ state: 'connected', bytes_received: all.length, frames_good: 6, frames_bad: 0 });
    expect(l.status().last_frame_at_us).toBe(times[5]);
  });

  test('decoder link - sends GET_TIME and VERSION on connect and takes the clock offset from the GET_TIME answer', async () => {
    const boxNowUs = 1_750_000_000_000_000;
    const decoderRtcUs = boxNowUs + 2_500_000;
    const s = await server((socket, index) => {
      socket.on('data', () => {
        const asked = s.requests(index).some((d) => d.record.type === 'GET_TIME');
        if (asked && !socket.writableEnded) {
          socket.end(encodeRecord({ type: 'GET_TIME', tor: TOR.GET_TIME, version: 2, rtc_time_us: decoderRtcUs, flags: 0, decoder_id: DECODER_ID }));
        }
      });
    });
    const { link: l, records } = link(s.port, { now: () => boxNowUs });
    l.start();
    await waitUntil('the GET_TIME answer', () => records.length, (n) => n >= 1);
    const asked = s.requests(0).map((d) => d.record);
    expect(asked.map((r) => r.type)).toEqual(['GET_TIME', 'VERSION']);
    expect(asked[0]).toMatchObject({ tor: TOR.GET_TIME, crc_ok: true, requested: ['rtc_time_us', 'flags', 'utc_time_us'] });
    expect(asked[1]).toMatchObject({ tor: TOR.VERSION, crc_ok: true });
    expect(l.status().clock_offset_us).toBe(2_500_000);
    expect(l.status().decoder_id).toBe(DECODER_ID);
  });

  test('decoder link - learns the decoder id and moves connecting, connected, disconnected, connected', async () => {
    const s = await server((socket) => socket.write(statusRecord()));
    const { link: l } = link(s.port);
    const states: LinkState[] = [];
    const events: string[] = [];
    l.on('status', (st) => states.push(st.state));
    l.on('connected', () => events.push('connected'));
    l.on('disconnected', () => events.push('disconnected'));
    expect(l.status()).toMatchObject({ state: 'stopped', source: `tcp://127.0.0.1:${s.port}`, transport: 'tcp', reconnects: 0 });
    l.start();
    await waitUntil('first STATUS', () => l.status().frames_good, (n) => n === 1);
    expect(l.status().decoder_id).toBe(DECODER_ID);
    expect(l.status().connected_since_us).toBeGreaterThan(0);
    // Close only once the link's requests are read: unread bytes would turn the close into a reset.
    await waitUntil('both requests', () => s.requests(0).length, (n) => n === 2);
    s.sockets[0]!.destroy();
    await waitUntil('STATUS on the second connection', () => l.status().frames_good, (n) => n === 2);
    expect(states).toEqual(['connecting', 'connected', 'disconnected', 'connecting', 'connected']);
    expect(events).toEqual(['connected', 'disconnected', 'connected']);
    expect(l.status()).toMatchObject({ state: 'connected', reconnects: 1, last_error: 'decoder closed the connection' });
    await l.stop();
    expect(states.at(-1)).toBe('stopped');
    expect(events.at(-1)).toBe('disconnected');
  });

  test('decoder link - counts and emits bad frames while the good frames around them still arrive', async () => {
    const logs = captureLogs({ debug: ['appliance:link'] });
    defer(logs.restore);
    const broken = Uint8Array.from(passing(2));
    broken[14] = broken[14]! ^ 0x55;
    const s = await server((socket) => socket.write(concat(passing(1), broken, Buffer.from('line noise\r\n'), passing(3))));
    const { link: l, records } = link(s.port);
    const bad: DecodedFrame[] = [];
    l.on('bad', (d) => bad.push(d));
    l.start();
    await waitUntil('both good passings', () => records.length, (n) => n >= 2);
    expect(records.map((r) => (r.type === 'PASSING' ? r.passing_number : r.type))).toEqual([1, 3]);
    expect(bad).toHaveLength(1);
    expect(bad[0]!.frame.fault).toBe('crc');
    expect(l.status()).toMatchObject({ frames_good: 2, frames_bad: 1 });
    const hex = Buffer.from(broken).toString('hex');
    expect(logs.lines.some((line) => line.startsWith('<7>appliance:link: bad frame ') && line.includes(`hex=${hex}`))).toBe(true);
    expect(logs.lines.filter((line) => line.startsWith('<4>appliance:link: bad frames from decoder '))).toEqual([
      expect.stringContaining('count=1'),
    ]);
  });

  test('decoder link - a listener that throws or rejects is logged and the link keeps delivering', async () => {
    const logs = captureLogs();
    defer(logs.restore);
    const s = await server((socket) => socket.write(concat(passing(1), passing(2), passing(3))));
    const { link: l, records } = link(s.port);
    l.on('record', () => {
      throw new Error('listener exploded');
    });
    l.on('record', async () => Promise.reject(new Error('async listener failed')));
    l.on('status', () => {
      throw new Error('status listener exploded');
    });
    l.start();
    await waitUntil('three records', () => records.length, (n) => n >= 3);
    await waitUntil('rejections logged', () => logs.lines.filter((x) => x.includes('async listener failed')).length, (n) => n === 3);
    expect(logs.lines.filter((x) => x.startsWith('<3>appliance:link: decoder link listener failed event=record error="listener exploded"'))).toHaveLength(3);
    expect(logs.lines.some((x) => x.includes('event=status error="status listener exploded"'))).toBe(true);
    expect(l.status().state).toBe('connected');
  });

  test('decoder link - send and requestResend write only while connected, and a backwards range is refused', async () => {
    const logs = captureLogs();
    defer(logs.restore);
    const s = await server();
    const { link: l } = link(s.port);
    expect(l.send(Uint8Array.of(1))).toBe(false);
    expect(l.requestResend(1, 2)).toBe(false);
    l.start();
    await waitUntil('connected', () => l.status().state, (st) => st === 'connected');
    expect(l.requestResend(710_000, 710_010)).toBe(true);
    expect(l.requestResend(5, 1)).toBe(false);
    await waitUntil('three requests', () => s.requests(0).length, (n) => n >= 3);
    expect(s.requests(0)[2]!.record).toMatchObject({ type: 'RESEND', from: 710_000, until: 710_010 });
    expect(logs.lines.filter((x) => x.startsWith('<4>'))).toEqual([
      expect.stringMatching(/^<4>appliance:link: resend request not sent source=\S+ from=5 until=1 error="resend range 5..1 runs backwards"$/),
    ]);
    await l.stop();
    expect(l.send(Uint8Array.of(1))).toBe(false);
  });

  test('decoder link - stop closes the connection and no reconnect follows', async () => {
    const s = await server();
    const { link: l } = link(s.port, { maxBackoffMs: 10 });
    l.start();
    await waitUntil('connected', () => l.status().state, (st) => st === 'connected');
    const closed = new Promise((resolve) => s.sockets[0]!.once('close', resolve));
    await l.stop();
    await closed;
    expect(l.status()).toMatchObject({ state: 'stopped', reconnects: 0 });
    expect(l.status().connected_since_us).toBeUndefined();
    await sleep(100); // ten reconnect delays: a reconnect, if any, would have happened
    expect(s.sockets).toHaveLength(1);
    expect(l.status().state).toBe('stopped');
  });
});
