/** @module Links from race control to the box's printable results (`/results/`, docs/race-api.md "Results sheets"): the event's sheet, a finished race's own, and a race meeting's moto sheet or heat list for the staging area. */
import { motoSheetHref } from '../shared/results-hrefs.ts';

export { eventResultsHref, raceResultsHref } from '../shared/results-hrefs.ts';

/** A new tab, so staff keep their place, PIN and half-filled forms here. */
export function ResultsLink({ href, label, title, small = false }: { href: string; label: string; title: string; small?: boolean }) {
  return (
    <a class={small ? 'btn btn-small btn-link' : 'btn btn-link'} href={href} target="_blank" rel="noopener" title={title}>
      {label}
    </a>
  );
}

/** For the meeting section, once the motos are drawn or the heats dealt: `title` is the moto sheet or the heat list. */
export function MotoSheetLink({ eventId, title, small = false }: { eventId: string; title: string; small?: boolean }) {
  const sheet = title.toLowerCase();
  return <ResultsLink href={motoSheetHref(eventId)} label={`Print ${sheet}`} title={`The ${sheet} for the staging area: every race with its places, plates and riders`} small={small} />;
}
