/** @module Which view the portal shows, kept in the address's hash (`#/events/<id>`, `#/races/<id>`) so a reload, the back button or a shared link opens the same event or race; no hash is the track search. */
import { useEffect, useState } from 'preact/hooks';

export type Route = { view: 'search' } | { view: 'event'; id: string } | { view: 'race'; id: string; event: string | null };

const ID = '(\\d{1,12})';
const EVENT = new RegExp(`^#/events/${ID}$`);
const RACE = new RegExp(`^#/races/${ID}(?:\\?event=${ID})?$`);

export function parseRoute(hash: string): Route {
  const event = EVENT.exec(hash);
  if (event) return { view: 'event', id: event[1]! };
  const race = RACE.exec(hash);
  if (race) return { view: 'race', id: race[1]!, event: race[2] ?? null };
  return { view: 'search' };
}

export const eventHref = (id: string) => `#/events/${id}`;
export const raceHref = (id: string, eventId: string) => `#/races/${id}?event=${eventId}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => {
      setRoute(parseRoute(location.hash));
      window.scrollTo(0, 0);
    };
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}
