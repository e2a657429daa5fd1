/** @module Which event race control works on: the box's live events, the one in progress marked, and the way back to it. */
import { useEffect, useState } from 'preact/hooks';
import type { EventView } from '../shared/live-types.ts';
import { getJson } from './api.ts';

const REFRESH_MS = 10_000;

export interface EventList {
  events: EventView[];
  /** The event in progress as the box names it (an open race's, else the one worked on last). */
  current: string | null;
}

/**
 * Read again when the event shown changes, after a save, and every 10 s: a page kept on an
 * event by hand hears nothing of the others on its feed, and should still say soon which one is in progress.
 */
export function useEventList(shownEventId: string | null, refresh: number): EventList {
  const [list, setList] = useState<EventList>({ events: [], current: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    let current = true;
    getJson<{ events: EventView[]; current_event_id?: string | null }>('/api/events')
      .then((body) => current && setList({ events: body.events, current: body.current_event_id ?? null }))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [shownEventId, refresh, tick]);
  return list;
}

const label = (event: EventView) => (event.date ? `${event.name} · ${event.date}` : event.name);

interface EventPickerProps {
  list: EventList;
  /** The event shown now (from the live feed). */
  shown: EventView | null;
  /** null while following the event in progress. */
  picked: string | null;
  onPick: (eventId: string | null) => void;
}

export function EventPicker({ list, shown, picked, onPick }: EventPickerProps) {
  const events = shown && !list.events.some((e) => e.event_id === shown.event_id) ? [shown, ...list.events] : list.events;
  const value = picked ?? shown?.event_id ?? '';
  const current = list.events.find((e) => e.event_id === list.current);
  return (
    <div class="event-picker">
      <label>
        Event
        <select aria-label="Event" value={value} onChange={(e) => onPick(e.currentTarget.value === list.current ? null : e.currentTarget.value || null)}>
          {events.length === 0 && <option value="">No event set up</option>}
          {events.map((e) => (
            <option key={e.event_id} value={e.event_id}>
              {label(e)}
              {e.event_id === list.current ? ' (in progress)' : ''}
            </option>
          ))}
        </select>
      </label>
      {picked !== null && current && current.event_id !== picked && (
        <p class="notice notice-inline" role="status">
          {current.name} is in progress.{' '}
          <button type="button" class="btn btn-small btn-quiet" onClick={() => onPick(null)}>
            Go to it
          </button>
        </p>
      )}
    </div>
  );
}
