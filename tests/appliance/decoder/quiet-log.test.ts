/** @module Backoff and rate-limited warnings, with the clock and jitter pinned: the policies behind a quiet journal. */
import { afterEach, describe, expect, test } from 'vitest';
import { createLogger } from '../../../shared/log/index.ts';
import { Backoff } from '../../../appliance/decoder/backoff.ts';
import { BadFrameLog, OutageLog } from '../../../appliance/decoder/quiet-log.ts';
import { captureLogs, waitUntil } from './helpers.ts';

let restore = () => {};
afterEach(() => restore());

function logs(): string[] {
  const captured = captureLogs({ debug: ['test:quiet'] });
  restore = captured.restore;
  return captured.lines;
}

describe('decoder link backoff', () => {
  test('decoder link - backoff doubles from 250 ms up to the cap, jitter stays within half to all of it', () => {
    const top = new Backoff({ maxMs: 5000, random: () => 0.999999 });
    expect(Array.from({ length: 8 }, () => top.next())).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    const bottom = new Backoff({ maxMs: 5000, random: () => 0 });
    expect(Array.from({ length: 6 }, () => bottom.next())).toEqual([125, 250, 500, 1000, 2000, 2500]);
    bottom.reset();
    expect(bottom.next()).toBe(125);
  });

  test('decoder link - backoff with a cap below 250 ms never exceeds the cap', () => {
    const backoff = new Backoff({ maxMs: 40 });
    const delays = Array.from({ length: 50 }, () => backoff.next());
    expect(Math.max(...delays)).toBeLessThanOrEqual(40);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(20);
  });
});

describe('decoder link quiet logging', () => {
  test('decoder link - an outage warns once, reminds at most once a minute, and logs the restore at info', () => {
    const lines = logs();
    let now = 0;
    const outage = new OutageLog(createLogger('test:quiet'), 'tcp://decoder:5403', 60_000, () => now);
    outage.failed('decoder closed the connection', 250, true);
    for (let i = 0; i < 200; i++) {
      now += 250; // 200 attempts over 50 s
      outage.failed('connect ECONNREFUSED 10.0.0.2:5403', 250, false);
    }
    expect(lines.filter((l) => l.startsWith('<4>'))).toEqual([
      '<4>test:quiet: decoder link lost source=tcp://decoder:5403 reason="decoder closed the connection" retry_in_ms=250',
    ]);
    now = 60_000;
    outage.failed('connect ECONNREFUSED 10.0.0.2:5403', 5000, false);
    now = 61_000;
    outage.failed('connect ECONNREFUSED 10.0.0.2:5403', 5000, false);
    expect(lines.filter((l) => l.startsWith('<4>')).slice(1)).toEqual([
      '<4>test:quiet: decoder still unreachable source=tcp://decoder:5403 attempts=201 down_for_s=60 reason="connect ECONNREFUSED 10.0.0.2:5403"',
    ]);
    expect(lines.filter((l) => l.startsWith('<7>test:quiet: decoder reconnect failed'))).toHaveLength(201);
    now = 90_000;
    outage.restored();
    expect(lines.at(-1)).toBe('<6>test:quiet: decoder link restored after 203 attempts source=tcp://decoder:5403 attempts=203 down_for_s=90');
    expect(outage.isDown).toBe(false);
    outage.restored();
    expect(lines.filter((l) => l.includes('restored'))).toHaveLength(1);
  });

  test('decoder link - bad frames are summarised in at most one warning a minute, the rest when the minute ends', async () => {
    const lines = logs();
    let now = 0;
    const bad = new BadFrameLog(createLogger('test:quiet'), '/dev/ttyUSB0', 50, () => now);
    bad.add('crc', 'stored CRC 0x7072, computed 0x43BB');
    for (let i = 0; i < 30; i++) bad.add(i % 2 ? 'crc' : 'truncated', 'later');
    const warns = () => lines.filter((l) => l.startsWith('<4>'));
    expect(warns()).toEqual([
      '<4>test:quiet: bad frames from decoder source=/dev/ttyUSB0 count=1 faults=crc:1 last="stored CRC 0x7072, computed 0x43BB"',
    ]);
    now = 50;
    await waitUntil('the end-of-window summary', () => warns().length, (n) => n === 2);
    expect(warns()[1]).toBe('<4>test:quiet: bad frames from decoder source=/dev/ttyUSB0 count=30 faults=truncated:15,crc:15 last=later');
    bad.stop();
  });
});
