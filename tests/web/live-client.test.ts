/** @module The live client's arithmetic: reconnect backoff with jitter, staleness, and the box clock estimated from ts_us. */
import { describe, expect, test } from 'vitest';
import { ClockSync } from '../../web/shared/clock-sync.ts';
import { backoffDelay, isStale, trackIdFromPath, RETRY_MAX_MS, RETRY_MIN_MS, STALE_AFTER_MS, type ConnectionInfo } from '../../web/shared/live-client.ts';

const live = (lastMessageAt: number | null): ConnectionInfo => ({ state: 'live', lastMessageAt, retryAt: null, problem: null });

describe('live client', () => {
  test('live client - a cloud page /t/<track>/ names its track; the box\'s own pages name none (the box is asked)', () => {
    expect(trackIdFromPath('/t/north/')).toBe('north');
    expect(trackIdFromPath('/t/north')).toBe('north');
    expect(trackIdFromPath('/t/club%2Dtrack/')).toBe('club-track');
    expect(trackIdFromPath('/')).toBeNull();
    expect(trackIdFromPath('/control/')).toBeNull();
    expect(trackIdFromPath('/t/')).toBeNull();
    expect(trackIdFromPath('/t/a/b/')).toBeNull();
    expect(trackIdFromPath('/t/%E0%A4%A/')).toBeNull();
  });

  test('live client - backoff starts near 1 s, doubles, and stays within 1-10 s whatever the jitter', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(1000);
    expect(backoffDelay(1, () => 0.5)).toBe(2000);
    expect(backoffDelay(2, () => 0.5)).toBe(4000);
    expect(backoffDelay(10, () => 0.5)).toBe(10_000);
    for (const attempt of [0, 1, 2, 3, 4, 20]) {
      for (const r of [0, 0.999]) {
        const delay = backoffDelay(attempt, () => r);
        expect(delay).toBeGreaterThanOrEqual(RETRY_MIN_MS);
        expect(delay).toBeLessThanOrEqual(RETRY_MAX_MS);
      }
    }
  });

  test('live client - jitter spreads the delays of phones retrying together', () => {
    expect(backoffDelay(2, () => 0)).toBe(3000);
    expect(backoffDelay(2, () => 0.999)).toBeGreaterThan(4900);
  });

  test('live client - the feed is stale when not live or silent for more than 12 s', () => {
    expect(isStale(live(1000), 1000 + STALE_AFTER_MS)).toBe(false);
    expect(isStale(live(1000), 1001 + STALE_AFTER_MS)).toBe(true);
    expect(isStale(live(null), 0)).toBe(true);
    expect(isStale({ ...live(1000), state: 'offline' }, 1000)).toBe(true);
    expect(isStale({ ...live(1000), state: 'connecting' }, 1000)).toBe(true);
  });

  test('live client - the box clock offset is the largest recent send-minus-receive sample', () => {
    let phone = 1_000_000;
    const clock = new ClockSync(() => phone);
    expect(clock.known).toBe(false);
    expect(clock.offsetMs).toBe(0);
    // Box 5 s ahead of the phone; messages arrive 80 ms, 20 ms and 300 ms after they were sent.
    clock.sample((phone + 5000 - 80) * 1000, phone);
    clock.sample((phone + 5000 - 20) * 1000, phone);
    clock.sample((phone + 5000 - 300) * 1000, phone);
    expect(clock.offsetMs).toBe(4980);
    phone += 1000;
    expect(clock.boxNowMs()).toBe(phone + 4980);
    expect(clock.sinceUs((phone + 4980 - 1500) * 1000)).toBe(1500);
  });

  test('live client - old clock samples age out, so a corrected box clock is followed', () => {
    const clock = new ClockSync(() => 0);
    clock.sample(60_000 * 1000, 0);
    for (let i = 0; i < 30; i += 1) clock.sample(1000 * 1000, 0);
    expect(clock.offsetMs).toBe(1000);
  });

  test('live client - nonsense timestamps are not taken as clock samples', () => {
    const clock = new ClockSync(() => 0);
    clock.sample(0, 0);
    clock.sample(Number.NaN, 0);
    expect(clock.known).toBe(false);
  });
});
