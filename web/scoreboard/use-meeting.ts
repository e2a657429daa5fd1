/** @module The event's race meeting for the scoreboard: `GET /api/events/:id/meeting`, read again when its races change, at most once every few seconds. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MeetingView } from '../../shared/race/meeting-run/types.ts';

/** A busy gate stages and finishes a race every minute or so: one read per change is plenty, a burst of changes makes one. */
const MIN_GAP_MS = 2000;

/** Null when the event has no meeting, or where the view is not served (the cloud's per-track scoreboard answers 404). */
async function readMeeting(eventId: string): Promise<MeetingView | null> {
  try {
    const response = await fetch(`/api/events/${encodeURIComponent(eventId)}/meeting`, { cache: 'no-store' });
    if (!response.ok) return null;
    return ((await response.json()) as { meeting?: MeetingView }).meeting ?? null;
  } catch {
    return null;
  }
}

/** `changes` is any value that differs whenever the event's races change (their ids and states). */
export function useMeeting(eventId: string | null, changes: string): MeetingView | null {
  const [meeting, setMeeting] = useState<MeetingView | null>(null);
  const last = useRef(0);
  useEffect(() => {
    if (eventId === null) {
      setMeeting(null);
      return;
    }
    let cancelled = false;
    const read = () => {
      last.current = Date.now();
      void readMeeting(eventId).then((m) => !cancelled && setMeeting(m));
    };
    // Throttled on the trailing edge: the last change of a burst is always read.
    const wait = Math.max(0, last.current + MIN_GAP_MS - Date.now());
    const timer = setTimeout(read, wait);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [eventId, changes]);
  return meeting?.event_id === eventId ? meeting : null;
}
