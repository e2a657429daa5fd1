/** @module The box's own process figures for its status document; the document's shape is the contract in shared/contracts/status.ts. */
import type { ProcessStats } from '../../shared/contracts/status.ts';

export function processStats(): ProcessStats {
  const m = process.memoryUsage();
  return { rss_bytes: m.rss, heap_used_bytes: m.heapUsed, heap_total_bytes: m.heapTotal, external_bytes: m.external, uptime_s: Math.round(process.uptime()) };
}
