/** @module Retry timing and the host queue on their own: Retry-After forms, jittered backoff bounds, queue order and holds. */
import { describe, expect, it } from 'vitest';
import { HostQueues } from '../../../../cloud/liverc/http/host-queue.ts';
import { backoffMs, honoursRetryAfter, isRetryableStatus, parseRetryAfter } from '../../../../cloud/liverc/http/retry.ts';

describe('liverc retry timing', () => {
  it('retry timing - Retry-After as seconds or an HTTP date, anything else ignored', () => {
    const now = Date.parse('2025-11-16T08:30:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(['7'], now)).toBe(7_000);
    expect(parseRetryAfter('2025', now)).toBe(2_025_000);
    expect(parseRetryAfter('Sun, 16 Nov 2025 08:30:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 16 Nov 2025 08:00:00 GMT', now)).toBe(0);
    // A few ms past the second: the wait still reaches the date, never a few ms before it.
    expect(parseRetryAfter('Sun, 16 Nov 2025 08:30:30 GMT', now + 6)).toBe(30_000);
    for (const bad of [undefined, '', '-5', '1.5', 'soon', '2025-11-16']) expect(parseRetryAfter(bad, now)).toBeNull();
  });

  it('retry timing - backoff doubles per failure, is jittered within its half, and is capped', () => {
    expect([1, 2, 3].map((n) => backoffMs(n, 1000, () => 0))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((n) => backoffMs(n, 1000, () => 0.999999))).toEqual([1000, 2000, 4000]);
    expect(backoffMs(30, 1000, () => 1)).toBe(60_000);
  });

  it('retry timing - 429 and 5xx are retried, other statuses are not; Retry-After counts on 429 and 503', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 410, 304, 200].some(isRetryableStatus)).toBe(false);
    expect([429, 503].every(honoursRetryAfter)).toBe(true);
    expect(honoursRetryAfter(500)).toBe(false);
  });
});

describe('liverc host queue', () => {
  it('host queue - one job at a time per origin, in order, a front job first', async () => {
    const queues = new HostQueues(20);
    const order: string[] = [];
    let running = 0;
    const job = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      order.push(name);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    };
    const first = queues.run('https://a', job('a1'));
    const rest = [queues.run('https://a', job('a2')), queues.run('https://a', job('a3'))];
    const retry = queues.run('https://a', job('retry'), { front: true });
    await Promise.all([first, retry, ...rest]);
    expect(order).toEqual(['a1', 'retry', 'a2', 'a3']);
  });

  it('host queue - a hold keeps every caller of that origin waiting, other origins go on', async () => {
    const queues = new HostQueues(10);
    await queues.run('https://a', async () => undefined);
    queues.hold('https://a', 300);
    const started: string[] = [];
    const a = queues.run('https://a', async (waited) => {
      started.push('a');
      return waited;
    });
    const b = queues.run('https://b', async () => {
      started.push('b');
    });
    await b;
    expect(started).toEqual(['b']);
    expect(await a).toBeGreaterThanOrEqual(299);
    expect(queues.spacing('https://a')).toBe(10);
    queues.raiseSpacing('https://a', 5);
    expect(queues.spacing('https://a')).toBe(10);
    queues.raiseSpacing('https://a', 2_000);
    expect(queues.spacing('https://a')).toBe(2_000);
  });

  it('host queue - close rejects waiting jobs and later runs with its reason', async () => {
    const queues = new HostQueues(10_000);
    await queues.run('https://a', async () => undefined);
    const waiting = queues.run('https://a', async () => 'ran');
    queues.close(new Error('closed'));
    await expect(waiting).rejects.toThrow('closed');
    await expect(queues.run('https://b', async () => 'ran')).rejects.toThrow('closed');
  });
});
