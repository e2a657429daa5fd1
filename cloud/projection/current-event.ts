/**
 * @module A track's current event (what a client without event_id follows) worked out from derived
 * events alone, by the engine's own rule (shared/race/current-event.ts): the event of the staged
 * race, else of the newest running one; with no race open, the event staff worked on last (its
 * latest set-up, or a race of it staged, started or finished; a tie goes to the event set up
 * later). Shared by the read models and the live gateway.
 */
import type { DerivedEvent, RaceView } from '../../shared/race/index.ts';

interface OpenRace {
  race_id: string;
  event_id: string;
}

/** What the rule needs, kept from the derived events; every list bounded, oldest dropped first. */
export interface EventOrder {
  /** The one staged race, if any. */
  staged: OpenRace | null;
  /** Running races in the order they started. */
  running: OpenRace[];
  /** Latest activity per event (µs), in the order the events were first set up. */
  activity: [eventId: string, atUs: number][];
}

/** A track holds a handful of live events and open races; the engine archives idle events. */
const MAX_EVENTS = 64;
const MAX_RUNNING = 64;

export const emptyEventOrder = (): EventOrder => ({ staged: null, running: [], activity: [] });

/** Starts from a known current event (a snapshot's `current_event_id`) when nothing else is known. */
export const eventOrderFrom = (current: string | null): EventOrder => ({ staged: null, running: [], activity: current ? [[current, 0]] : [] });

/** A read model stored before the order had this shape is read as knowing only its current event. */
export function storedEventOrder(order: unknown, current: string | null): EventOrder {
  const o = order as Partial<EventOrder> | undefined;
  return o && Array.isArray(o.running) && Array.isArray(o.activity) && 'staged' in o ? (o as EventOrder) : eventOrderFrom(current);
}

const activityOf = (race: RaceView) => Math.max(race.staged_at_us, race.started_at_us ?? 0, race.finished_at_us ?? 0);

function withActivity(activity: EventOrder['activity'], eventId: string, atUs: number): EventOrder['activity'] {
  const i = activity.findIndex(([id]) => id === eventId);
  if (i >= 0) {
    if (activity[i]![1] >= atUs) return activity;
    const next = [...activity];
    next[i] = [eventId, atUs];
    return next;
  }
  const next: EventOrder['activity'] = [...activity, [eventId, atUs]];
  return next.length > MAX_EVENTS ? next.slice(next.length - MAX_EVENTS) : next;
}

function followRace(order: EventOrder, race: RaceView): EventOrder {
  const open = { race_id: race.race_id, event_id: race.event_id };
  const running = order.running.filter((r) => r.race_id !== race.race_id);
  let staged = order.staged?.race_id === race.race_id ? null : order.staged;
  if (race.status === 'staged') staged = open;
  if (race.status === 'running') running.push(open);
  return {
    staged,
    running: running.length > MAX_RUNNING ? running.slice(running.length - MAX_RUNNING) : running,
    activity: withActivity(order.activity, race.event_id, activityOf(race)),
  };
}

/** The order after one derived event. */
export function followEvent(order: EventOrder, event: DerivedEvent): EventOrder {
  switch (event.type) {
    case 'race.updated':
      return followRace(order, event.payload.race);
    case 'event.updated':
      return { ...order, activity: withActivity(order.activity, event.payload.event.event_id, event.at_us) };
    case 'event.archived': {
      const id = event.event_id;
      if (id === null) return order;
      return {
        staged: order.staged?.event_id === id ? null : order.staged,
        running: order.running.filter((r) => r.event_id !== id),
        activity: order.activity.filter(([e]) => e !== id),
      };
    }
    default:
      return order;
  }
}

export function currentEventOf(order: EventOrder): string | null {
  const open = order.staged ?? order.running.at(-1);
  if (open) return open.event_id;
  let best: string | null = null;
  let bestAt = -Infinity;
  for (const [id, at] of order.activity) {
    if (at >= bestAt) {
      best = id;
      bestAt = at;
    }
  }
  return best;
}
