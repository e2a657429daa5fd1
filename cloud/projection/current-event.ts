/**
 * @module A track's current event (what a client without event_id follows) worked out from derived
 * events alone, by the engine's own rule (`RaceEngine.currentEventId`): the event of the newest race
 * still held, else the newest event set up. Shared by the read models and the live gateway.
 */
import type { DerivedEvent } from '../../shared/race/index.ts';

/** Event ids in the two orders the rule needs; both bounded, oldest dropped first. */
export interface EventOrder {
  /** By the latest race staged in each, oldest first: the last one holds the newest race. */
  staged: string[];
  /** By first set-up, oldest first. */
  setup: string[];
}

/** A track holds a handful of live events; the engine archives idle ones. */
const MAX_EVENTS = 64;

export const emptyEventOrder = (): EventOrder => ({ staged: [], setup: [] });

/** Starts from a known current event (a snapshot's `current_event_id`) when nothing else is known. */
export const eventOrderFrom = (current: string | null): EventOrder => ({ staged: current ? [current] : [], setup: [] });

const without = (list: string[], id: string) => list.filter((e) => e !== id);
const bounded = (list: string[]) => (list.length > MAX_EVENTS ? list.slice(list.length - MAX_EVENTS) : list);

/** The order after one derived event; the same object when the event does not move it. */
export function followEvent(order: EventOrder, event: DerivedEvent): EventOrder {
  if (event.type === 'race.updated' && event.payload.change.kind === 'staged') {
    const id = event.payload.race.event_id;
    if (order.staged.at(-1) === id) return order;
    return { ...order, staged: bounded([...without(order.staged, id), id]) };
  }
  if (event.type === 'event.updated') {
    const id = event.payload.event.event_id;
    if (order.setup.includes(id)) return order;
    return { ...order, setup: bounded([...order.setup, id]) };
  }
  if (event.type === 'event.archived' && event.event_id !== null) {
    const id = event.event_id;
    if (!order.staged.includes(id) && !order.setup.includes(id)) return order;
    return { staged: without(order.staged, id), setup: without(order.setup, id) };
  }
  return order;
}

export const currentEventOf = (order: EventOrder): string | null => order.staged.at(-1) ?? order.setup.at(-1) ?? null;
