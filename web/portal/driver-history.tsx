/**
 * @module A driver's history in the portal: "My driver" (the signed-in member's linked drivers,
 * `#/me`) and any driver's (`#/drivers/<source>/<key>`): best and average lap per event with the
 * trend over events as a uPlot chart, and a table of every event, newest first.
 */
import { useMemo } from 'preact/hooks';
import type { HistoryRow } from '../../shared/contracts/driver-history.ts';
import { axisSeconds as seconds, clock, colourOf, percent, type ChartData } from './chart-data.ts';
import { LapChart } from './lap-chart.tsx';
import { TableRegion } from './table-region.tsx';
import { NotYet, useFetch } from './use-fetch.tsx';

export const HISTORY = '/api/portal';


/** Oldest event first, so the trend reads left to right. */
export function historyTrend(rows: readonly HistoryRow[]): ChartData {
  const ordered = [...rows].reverse();
  return {
    laps: ordered.map((_, i) => i + 1),
    series: [
      { label: 'Best lap', colour: colourOf(0), values: ordered.map((r) => (r.best_lap_ms === null ? null : r.best_lap_ms / 1000)) },
      { label: 'Average lap', colour: colourOf(1), values: ordered.map((r) => (r.avg_lap_ms === null ? null : r.avg_lap_ms / 1000)) },
    ],
  };
}

function HistoryTable({ rows }: { rows: readonly HistoryRow[] }) {
  return (
    <TableRegion label="Events, scrolls sideways">
      <table class="results history">
        <caption>Events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Event</th>
            <th scope="col">Track</th>
            <th scope="col">Races</th>
            <th scope="col">Laps</th>
            <th scope="col">Best</th>
            <th scope="col">Avg lap</th>
            <th scope="col">Consistency</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.source}/${r.track_id}/${r.event_id}/${r.driver_key}`} data-event-id={r.event_id}>
              <td>{r.date_start ?? '—'}</td>
              <th scope="row">{r.event_name}</th>
              <td>
                {r.track_name}
                {r.source === 'box' ? <small> (box)</small> : null}
              </td>
              <td>{r.races.length}</td>
              <td>{r.laps}</td>
              <td>{clock(r.best_lap_ms)}</td>
              <td>{clock(r.avg_lap_ms)}</td>
              <td>{percent(r.consistency_pct)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function History({ rows }: { rows: readonly HistoryRow[] }) {
  const trend = useMemo(() => historyTrend(rows), [rows]);
  if (rows.length === 0) return <p class="note">No event in the history yet: it fills as events are imported and boxes' races finish.</p>;
  return (
    <>
      {rows.length > 1 && <LapChart id="chart-history" title="Best and average lap by event, oldest first (s)" data={trend} yLabel="Seconds" xLabel="Event" format={seconds} />}
      <HistoryTable rows={rows} />
    </>
  );
}

interface MyHistory {
  matching: boolean;
  drivers: { source: string; driver_key: string; name: string; status: string }[];
  events: HistoryRow[];
}

/** How each linked driver came to be the member's: matching's links, or a box rider with the account's transponder. */
const STATUS: Record<string, string> = { confirmed: 'confirmed', suggested: 'suggested, not yet confirmed', transponder: 'timed by a box, your transponder' };

export function MyDriverView() {
  const mine = useFetch<MyHistory>(`${HISTORY}/me/history`);
  if (mine.kind !== 'ok') return <NotYet state={mine} loading="Reading your history…" />;
  const { drivers, events, matching } = mine.body;
  return (
    <section class="panel history-view" aria-labelledby="history-title">
      <h2 id="history-title">My driver</h2>
      {drivers.length === 0 ? (
        <p class="note">{matching ? 'No driver is linked to you yet. Imports link you to the drivers whose transponder or name your account carries; ask an admin to add them.' : 'Driver matching is switched off on this cloud, so no driver is linked to you.'}</p>
      ) : (
        <ul class="linked">
          {drivers.map((d) => (
            <li key={`${d.source}.${d.driver_key}`}>
              <a href={`#/drivers/${d.source}/${d.driver_key}`}>{d.name}</a> <small>({STATUS[d.status] ?? d.status})</small>
            </li>
          ))}
        </ul>
      )}
      {drivers.length > 0 && <History rows={events} />}
    </section>
  );
}

export function DriverView({ source, driverKey }: { source: string; driverKey: string }) {
  const history = useFetch<{ driver: { name: string }; events: HistoryRow[] }>(`${HISTORY}/drivers/history?source=${source}&driver_key=${driverKey}`);
  if (history.kind !== 'ok') return <NotYet state={history} loading="Reading the driver's history…" />;
  return (
    <section class="panel history-view" aria-labelledby="history-title">
      <p class="crumbs">
        <a href="#/me">← My driver</a>
      </p>
      <h2 id="history-title">{history.body.driver.name}</h2>
      <History rows={history.body.events} />
    </section>
  );
}
