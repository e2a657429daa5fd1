/**
 * @module `GET /metrics` on a Hono app: the registry's text as `text/plain; version=0.0.4`. Cheap
 * under a flood twice over: the text is rendered at most once per interval (registry.ts), and past
 * a cap of scrapes a second the route answers 429 without touching the registry, with one log line
 * a minute saying how many were turned away.
 */
import type { Env, Hono } from 'hono';
import { createLogger, RateLimitedWarning, type Logger } from '../log/index.ts';
import type { MetricsRegistry } from './registry.ts';

export const METRICS_PATH = '/metrics';

export interface MountMetricsOptions {
  /** Scrapes answered per second, over every client; the rest get 429. Default 10: a scraper asks every 15 s or so. */
  maxPerSecond?: number;
  log?: Logger;
  /** Monotonic milliseconds. */
  clock?: () => number;
}

export function mountMetrics<E extends Env>(app: Hono<E>, metrics: MetricsRegistry, options: MountMetricsOptions = {}): void {
  const maxPerSecond = options.maxPerSecond ?? 10;
  if (!(Number.isInteger(maxPerSecond) && maxPerSecond > 0)) throw new RangeError(`metrics maxPerSecond must be a positive whole number, got ${maxPerSecond}`);
  const log = options.log ?? createLogger('metrics');
  const clock = options.clock ?? (() => performance.now());
  const refused = new RateLimitedWarning(log, 'metrics scrapes refused: more than the cap a second', { fields: { max_per_second: maxPerSecond } });
  const failed = new RateLimitedWarning(log, 'metrics could not be collected');
  let windowStart = -Infinity;
  let inWindow = 0;

  app.get(METRICS_PATH, async (c) => {
    const now = clock();
    if (now - windowStart >= 1000) {
      windowStart = now;
      inWindow = 0;
    }
    if (++inWindow > maxPerSecond) {
      refused.add();
      return c.text(`too many scrapes: at most ${maxPerSecond} a second; scrape less often\n`, 429, { 'Retry-After': '1' });
    }
    try {
      return c.body(await metrics.render(), 200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
    } catch (error) {
      failed.add({ err: error instanceof Error ? error.message : String(error) });
      return c.text('metrics could not be collected, see the log\n', 500);
    }
  });
}
