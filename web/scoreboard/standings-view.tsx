/** @module Event standings per class: BMX points totals (lowest wins) or the best timed result, with each race's result. */
import { className } from '../shared/live-state.ts';
import type { EventView, RaceView, StandingRow, Standings } from '../shared/live-types.ts';
import { eventResultsHref } from '../shared/results-hrefs.ts';

function formatLabel(format: Standings['format']): string {
  return format === 'bmx' ? 'Moto points' : format === 'timed' ? 'Best result' : 'Practice';
}

function Row({ row, bmx, raceName }: { row: StandingRow; bmx: boolean; raceName: (raceId: string) => string }) {
  return (
    <li class="row standing-row">
      <span class="cell-place">{row.position}</span>
      {row.plate ? <span class="plate">{row.plate}</span> : <span class="plate plate-none" />}
      <span class="cell-name">{row.name}</span>
      <span class="cell-result">{bmx ? (row.total_points ?? '—') : row.best_text || '—'}</span>
      <span class="standing-races">
        {row.results.map((r) => (
          <span key={r.race_id} class="standing-race">
            {raceName(r.race_id)} <b>{bmx ? (r.points ?? r.result_text) : r.result_text}</b>
          </span>
        ))}
      </span>
    </li>
  );
}

export function StandingsView({ standings, event, races }: { standings: Standings[]; event: EventView | null; races: RaceView[] }) {
  const shown = event ? standings.filter((s) => s.event_id === event.event_id) : standings;
  if (shown.length === 0) return <p class="idle">No standings yet: they appear after the first race of a class.</p>;
  const names = new Map(races.map((r) => [r.race_id, r.name || r.race_id]));
  const raceName = (raceId: string) => names.get(raceId) ?? raceId;
  const sorted = [...shown].sort((a, b) => (className(event, a.class_id) ?? '').localeCompare(className(event, b.class_id) ?? ''));
  return (
    <>
      {sorted.map((s) => {
        const bmx = s.format === 'bmx';
        return (
          <section key={`${s.event_id}/${s.class_id ?? ''}`} class="board standings" aria-label={`standings ${className(event, s.class_id) ?? 'open'}`}>
            <header class="board-head">
              <div class="board-title">
                <div class="board-subtitle">{formatLabel(s.format)}</div>
                <h2>{className(event, s.class_id) ?? 'Open'}</h2>
              </div>
            </header>
            <ol class="rows">
              <li class="row standing-row row-head" aria-hidden="true">
                <span>Pos</span>
                <span>Plate</span>
                <span>Rider</span>
                <span class="cell-result">{bmx ? 'Pts' : 'Best'}</span>
              </li>
              {s.rows.map((row) => (
                <Row key={row.rider_id} row={row} bmx={bmx} raceName={raceName} />
              ))}
            </ol>
          </section>
        );
      })}
      {!location.pathname.startsWith('/t/') && <p class="idle"><a href={eventResultsHref(event)}>Results: printable sheets and CSV</a></p>}
    </>
  );
}
