/**
 * @module One imported race from the one lap model: LiveRC's results table (position, driver,
 * laps/time, behind, fastest lap and on which lap, average lap, consistency), lap times per driver,
 * positions over laps when LiveRC printed them, and an overlay of the drivers the user ticks.
 */
import { useMemo, useState } from 'preact/hooks';
import type { LapModelRace } from '../../shared/contracts/lap-model.ts';
import { BOX, LIVERC } from './api.ts';
import { axisSeconds as seconds, behind, clock, lapTimes, percent, positions, when } from './chart-data.ts';
import { LAPS_RECEIVED_MARK } from './chart-marks.ts';
import { Coaching } from './coaching.tsx';
import { LapChart } from './lap-chart.tsx';
import { TableRegion } from './table-region.tsx';
import { eventHref, type Source } from './route.ts';
import { NotYet, useFetch } from './use-fetch.tsx';

const place = (v: number) => String(Math.round(v));

function ResultsTable({ race }: { race: LapModelRace }) {
  const winner = race.results[0];
  return (
    <TableRegion label="Results, scrolls sideways">
      <table class="results">
        <caption>Results</caption>
        <thead>
          <tr>
            <th scope="col">Pos</th>
            <th scope="col">Driver</th>
            <th scope="col">Laps/Time</th>
            <th scope="col">Behind</th>
            <th scope="col">Fastest</th>
            <th scope="col">Avg lap</th>
            <th scope="col">Consistency</th>
          </tr>
        </thead>
        <tbody>
          {race.results.map((r) => (
            <tr key={r.driver_key} data-driver={r.driver_key}>
              <td>{r.position}</td>
              <th scope="row"><a href={`#/drivers/${race.event.source}/${r.driver_key}`}>{r.driver_name}</a></th>
              <td>
                {r.laps}/{clock(r.total_time_ms)}
              </td>
              <td>{behind(r, winner!)}</td>
              <td>
                {clock(r.best_lap_ms)}
                {r.best_lap_number !== null && <small> (lap {r.best_lap_number})</small>}
              </td>
              <td>{clock(r.avg_lap_ms)}</td>
              <td>{percent(r.consistency_pct)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function Compare({ race }: { race: LapModelRace }) {
  const [ticked, setTicked] = useState<string[]>([]);
  const data = useMemo(() => (ticked.length > 0 ? lapTimes(race, ticked) : null), [race, ticked]);
  const toggle = (key: string, on: boolean) => setTicked((now) => race.results.map((r) => r.driver_key).filter((k) => (k === key ? on : now.includes(k))));
  return (
    <section class="compare" aria-labelledby="compare-title">
      <h3 id="compare-title">Compare drivers</h3>
      <fieldset class="drivers">
        <legend>Tick two or more drivers</legend>
        {race.results.map((r) => (
          <label key={r.driver_key}>
            <input type="checkbox" name="compare" value={r.driver_key} checked={ticked.includes(r.driver_key)} onChange={(e) => toggle(r.driver_key, e.currentTarget.checked)} />
            {r.driver_name}
          </label>
        ))}
      </fieldset>
      {data ? <LapChart id="chart-compare" title="Lap times of the ticked drivers (s)" data={data} yLabel="Seconds" format={seconds} /> : <p class="note">No driver ticked yet.</p>}
    </section>
  );
}

function Race({ race, eventId, source }: { race: LapModelRace; eventId: string; source: Source }) {
  const times = useMemo(() => lapTimes(race), [race]);
  const places = useMemo(() => positions(race), [race]);
  const r = race.race;
  return (
    <section class="panel race-view" aria-labelledby="race-title">
      <p class="crumbs">
        <a href={eventHref(eventId, source)}>← {race.event.name}</a>
      </p>
      <h2 id="race-title">
        {r.class_name ? `${r.class_name} · ` : ''}
        {r.name}
      </h2>
      <p class="note">
        {[r.round, when(r.completed_at), r.duration_s ? `${Math.round(r.duration_s / 60)} min` : null].filter(Boolean).join(' · ')}
      </p>
      <ResultsTable race={race} />
      <LapChart id="chart-laps" title="Lap times (s), suspect laps circled" data={times} yLabel="Seconds" format={seconds} />
      {places ? <LapChart id="chart-positions" title="Position after each lap" data={places} yLabel="Position" invert format={place} /> : <p class="note no-positions">This race's laps carry no running positions, so there is no position chart.</p>}
      <Compare race={race} />
      <Coaching race={race} />
    </section>
  );
}

const lapModelPath = (id: string, eventId: string | null, source: Source) => (source.kind === 'box' ? `${BOX}/tracks/${source.track}/events/${eventId}/races/${id}/lap-model` : `${LIVERC}/races/${id}/lap-model`);

export function RaceView({ id, eventId, source }: { id: string; eventId: string | null; source: Source }) {
  const model = useFetch<LapModelRace>(lapModelPath(id, eventId, source), () => {
    performance.clearMarks();
    performance.mark(LAPS_RECEIVED_MARK);
  });
  if (model.kind !== 'ok') return <NotYet state={model} loading="Reading the race…" />;
  return <Race race={model.body} eventId={eventId ?? model.body.race.event_id} source={source} />;
}
