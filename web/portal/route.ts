/** @module Which view the portal shows, kept in the address's hash (`#/events/<id>`, `#/races/<id>`, `#/box/…` for races our boxes timed) so a reload, the back button or a shared link opens the same event or race; no hash is the track search. */
import { useEffect, useState } from 'preact/hooks';

/** Where an event or race is read from: a LiveRC import, or a box's track in the cloud's read models. */
export type Source = { kind: 'liverc' } | { kind: 'box'; track: string };
export const LIVERC_SOURCE: Source = { kind: 'liverc' };

export type Route =
  | { view: 'search' }
  | { view: 'box' }
  | { view: 'me' }
  | { view: 'live' }
  | { view: 'live-track'; track: string }
  | { view: 'driver'; source: 'box' | 'liverc'; key: string }
  | { view: 'event'; id: string; source: Source }
  | { view: 'race'; id: string; event: string | null; source: Source };

const ID = '(\\d{1,12})';
const EVENT = new RegExp(`^#/events/${ID}$`);
const RACE = new RegExp(`^#/races/${ID}(?:\\?event=${ID})?$`);
/** Box ids are tokens (shared/contracts/tokens.ts). */
const TOKEN = '([a-z0-9][a-z0-9_-]{0,63})';
const BOX_EVENT = new RegExp(`^#/box/${TOKEN}/events/${TOKEN}$`);
const LIVE = new RegExp(`^#/live/${TOKEN}$`);
const DRIVER = new RegExp(`^#/drivers/(box|liverc)/${TOKEN}$`);
const BOX_RACE = new RegExp(`^#/box/${TOKEN}/races/${TOKEN}/${TOKEN}$`);

export function parseRoute(hash: string): Route {
  const event = EVENT.exec(hash);
  if (event) return { view: 'event', id: event[1]!, source: LIVERC_SOURCE };
  const race = RACE.exec(hash);
  if (race) return { view: 'race', id: race[1]!, event: race[2] ?? null, source: LIVERC_SOURCE };
  if (hash === '#/box') return { view: 'box' };
  if (hash === '#/me') return { view: 'me' };
  if (hash === '#/live') return { view: 'live' };
  const live = LIVE.exec(hash);
  if (live) return { view: 'live-track', track: live[1]! };
  const driver = DRIVER.exec(hash);
  if (driver) return { view: 'driver', source: driver[1] as 'box' | 'liverc', key: driver[2]! };
  const boxEvent = BOX_EVENT.exec(hash);
  if (boxEvent) return { view: 'event', id: boxEvent[2]!, source: { kind: 'box', track: boxEvent[1]! } };
  const boxRace = BOX_RACE.exec(hash);
  if (boxRace) return { view: 'race', id: boxRace[3]!, event: boxRace[2]!, source: { kind: 'box', track: boxRace[1]! } };
  return { view: 'search' };
}

export const driverHref = (source: string, key: string) => `#/drivers/${source}/${key}`;
export const eventHref = (id: string, source: Source = LIVERC_SOURCE) => (source.kind === 'box' ? `#/box/${source.track}/events/${id}` : `#/events/${id}`);
export const raceHref = (id: string, eventId: string, source: Source = LIVERC_SOURCE) => (source.kind === 'box' ? `#/box/${source.track}/races/${eventId}/${id}` : `#/races/${id}?event=${eventId}`);

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
