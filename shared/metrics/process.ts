/** @module The process's own memory and uptime as metrics, read at each render: what to look at first when a Pi starts swapping or a cloud node grows. */
import { PROCESS_METRICS } from './names.ts';
import type { MetricsRegistry } from './registry.ts';

export function watchProcess(metrics: MetricsRegistry): void {
  const rss = metrics.gauge(PROCESS_METRICS.residentMemory);
  const heapUsed = metrics.gauge(PROCESS_METRICS.heapUsed);
  const heapTotal = metrics.gauge(PROCESS_METRICS.heapTotal);
  const external = metrics.gauge(PROCESS_METRICS.externalMemory);
  const uptime = metrics.gauge(PROCESS_METRICS.uptime);
  metrics.onCollect(() => {
    const m = process.memoryUsage();
    rss.set(m.rss);
    heapUsed.set(m.heapUsed);
    heapTotal.set(m.heapTotal);
    external.set(m.external);
    uptime.set(Math.round(process.uptime()));
  });
}
