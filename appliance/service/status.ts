/** @module The appliance's status document: decoder link, log and intake in one JSON object (GET /api/status). */
import type { Envelope } from '../../shared/contracts/index.ts';
import type { LinkStatus } from '../decoder/index.ts';
import type { LiveHubStats } from '../live/index.ts';
import type { LogStats } from '../log/index.ts';
import type { IntakeCounts } from './intake.ts';
import type { FlowStats } from './intake-flow.ts';

export interface ApplianceStatus {
  track_id: string;
  client_id: string;
  boot_id: string;
  started_at_us: number;
  /** The first decoder (most tracks have one). */
  decoder: LinkStatus & { resend_enabled: boolean };
  /** Every decoder link, in the order of `decoder.source`. */
  decoders: LinkStatus[];
  last_passing: Envelope | null;
  intake: IntakeCounts & { flow: FlowStats };
  log: LogStats;
  /** The race engine has applied the log up to here. */
  engine: { applied_lsn: number };
  /** Live feed clients and what backpressure did to them. */
  live: LiveHubStats;
  /** The box's own memory: what to look at first when a Pi starts swapping. */
  process: ProcessStats;
}

export interface ProcessStats {
  rss_bytes: number;
  heap_used_bytes: number;
  heap_total_bytes: number;
  /** Memory held outside V8's heap by buffers and native code (LevelDB, sockets). */
  external_bytes: number;
  uptime_s: number;
}

export function processStats(): ProcessStats {
  const m = process.memoryUsage();
  return { rss_bytes: m.rss, heap_used_bytes: m.heapUsed, heap_total_bytes: m.heapTotal, external_bytes: m.external, uptime_s: Math.round(process.uptime()) };
}
