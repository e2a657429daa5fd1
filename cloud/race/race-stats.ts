/** @module Counters of a race worker process, for /healthz and the logs. */

export interface RaceStats {
  /** Envelopes applied to an engine. */
  envelopes: number;
  /** Envelopes at or below their boot's high-water mark: re-sent, skipped. */
  duplicates: number;
  /** Envelopes whose seq jumped ahead of their boot's mark (seq should have no gaps). */
  gaps: number;
  events: number;
  snapshots_published: number;
  dead_lettered: number;
  states_saved: number;
  /** Tracks taken up: first owner, takeover, or a restart after a fault. */
  resumes: number;
}

export const emptyStats = (): RaceStats => ({ envelopes: 0, duplicates: 0, gaps: 0, events: 0, snapshots_published: 0, dead_lettered: 0, states_saved: 0, resumes: 0 });
