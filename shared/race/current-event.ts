/** @module The event a board or a race-control page without a chosen event follows: the one in progress, read from the state (no step changes). */
import type { EngineState } from './state.ts';

/**
 * The event of the newest staged or running race; with none open, the event staff worked on last
 * (its latest set-up, or a race of it staged, started or finished; a tie goes to the event set up
 * later). Not the event of the newest race alone: a meeting set up this morning must win over
 * yesterday's motos before its first race is staged.
 */
export function currentEventId(state: EngineState): string | null {
  // At most one race is staged, and it was staged after every running one; the automatic practice opens only when nothing is.
  const open = state.staged_race_id ?? state.running.at(-1);
  if (open !== undefined) return state.races[open]!.event_id;
  const latest = new Map<string, number>();
  for (const id of state.event_order) latest.set(id, state.event_setup_us[id] ?? 0);
  for (const id of state.race_order) {
    const r = state.races[id]!;
    const at = Math.max(r.staged_at_us, r.started_at_us ?? 0, r.finished_at_us ?? 0);
    if (at > (latest.get(r.event_id) ?? 0)) latest.set(r.event_id, at);
  }
  let best: string | null = null;
  let bestAt = -Infinity;
  for (const [id, at] of latest) {
    if (at >= bestAt) {
      best = id;
      bestAt = at;
    }
  }
  return best;
}
