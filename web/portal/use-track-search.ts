/**
 * @module The typeahead's requests: GET tracks?q= after the typing pauses, at most one request in
 * flight (a newer query waits for it, then only the newest is asked), and an answer for anything
 * but the latest query dropped, so a slow early answer never overwrites a later one.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText, LIVERC, type TrackRecord } from './api.ts';

const DEBOUNCE_MS = 200;
export const SHOWN_TRACKS = 8;

export interface TrackSearch {
  tracks: TrackRecord[];
  /** The query the shown tracks answer. */
  answered: string;
  searching: boolean;
  error: string | null;
}

export function useTrackSearch(query: string): TrackSearch {
  const [state, setState] = useState<TrackSearch>({ tracks: [], answered: '', searching: false, error: null });
  const latest = useRef('');
  const inFlight = useRef(false);
  const waiting = useRef<string | null>(null);

  const run = (q: string) => {
    inFlight.current = true;
    setState((s) => ({ ...s, searching: true }));
    api<{ tracks: TrackRecord[] }>(`${LIVERC}/tracks?q=${encodeURIComponent(q)}&limit=${SHOWN_TRACKS}`).then(
      (answer) => {
        if (q === latest.current) setState({ tracks: answer.tracks, answered: q, searching: false, error: null });
      },
      (error) => {
        if (q === latest.current) setState({ tracks: [], answered: q, searching: false, error: errorText(error) });
      },
    ).finally(() => {
      inFlight.current = false;
      const next = waiting.current;
      waiting.current = null;
      if (next !== null && next === latest.current) run(next);
    });
  };

  useEffect(() => {
    const q = query.trim();
    latest.current = q;
    if (q === '') {
      waiting.current = null;
      setState({ tracks: [], answered: '', searching: false, error: null });
      return;
    }
    const timer = setTimeout(() => {
      if (inFlight.current) waiting.current = q;
      else run(q);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  return state;
}
