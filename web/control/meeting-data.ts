/** @module The meeting of the event worked on, read from GET /api/events/:id/meeting and read again, at most once a second, as its races change. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson } from './api.ts';
import type { MeetingView } from './meeting-model.ts';

/** One read a second at most: a moto's finishes arrive in a burst, and a phone on track Wi-Fi should not fetch the sheet eight times for them. */
const THROTTLE_MS = 1000;

export interface MeetingData {
  /** undefined until read; null when the event has no meeting yet. */
  view: MeetingView | null | undefined;
  /** Read again now (after an intent this page sent). */
  reload(): void;
}

export function useMeeting(eventId: string, news: number): MeetingData {
  const [view, setView] = useState<MeetingView | null | undefined>(undefined);
  const [asked, setAsked] = useState(0);
  const last = useRef(0);
  const [due, setDue] = useState(0);

  // Live news is throttled into `due`; a reload asked for by this page goes at once.
  useEffect(() => {
    const wait = Math.max(0, last.current + THROTTLE_MS - Date.now());
    const timer = setTimeout(() => setDue((n) => n + 1), wait);
    return () => clearTimeout(timer);
  }, [news]);

  useEffect(() => {
    let current = true;
    last.current = Date.now();
    getJson<{ meeting: MeetingView }>(`/api/events/${encodeURIComponent(eventId)}/meeting`)
      .then((body) => current && setView(body.meeting))
      .catch((error) => current && error instanceof ApiError && error.status === 404 && setView(null));
    return () => {
      current = false;
    };
  }, [eventId, due, asked]);

  return { view, reload: () => setAsked((n) => n + 1) };
}
