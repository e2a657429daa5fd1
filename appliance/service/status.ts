/** @module The appliance's status document: decoder link, log and intake in one JSON object (GET /api/status). */
import type { Envelope } from '../../shared/contracts/index.ts';
import type { LinkStatus } from '../decoder/index.ts';
import type { LogStats } from '../log/index.ts';
import type { IntakeCounts } from './intake.ts';

export interface ApplianceStatus {
  track_id: string;
  client_id: string;
  boot_id: string;
  started_at_us: number;
  decoder: LinkStatus & { resend_enabled: boolean };
  last_passing: Envelope | null;
  intake: IntakeCounts;
  log: LogStats;
}
