/** @module A race as an event's list of races shows it, the same fields whether the LiveRC connector or the portal's box routes answer, so one event view reads both. */
export interface RaceSummary {
  source_race_id: string;
  label: string;
  class_name: string;
  round: string | null;
  completed_at: string | null;
  order: number;
  results: { driver_name: string }[];
}
