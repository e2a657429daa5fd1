/** @module Links from race control to the box's printable results (`/results/`, docs/race-api.md "Results sheets"): the event's sheet, a finished race's own, and a race meeting's moto sheet for the staging area. */
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

/** For the meeting section, once the motos are drawn. */
export function MotoSheetLink({ eventId, small = false }: { eventId: string; small?: boolean }) {
  return <ResultsLink href={motoSheetHref(eventId)} label="Print moto sheet" title="The moto sheet for the staging area: every race with lanes, plates and riders" small={small} />;
}
