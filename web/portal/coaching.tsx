/**
 * @module The race view's coaching answers for one driver the user picks: where the laps fell
 * off, the gap to the leader in the first five minutes, and consistency by stint, each a sentence
 * with its numbers above the chart it comes from (shared/analysis computes them).
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { consistencyVsLastYear, fallOff, leaderGap, stints } from '../../shared/analysis/index.ts';
import type { HistoryRow } from '../../shared/contracts/driver-history.ts';
import type { LapModelRace } from '../../shared/contracts/lap-model.ts';
import { axisSeconds as seconds } from './chart-data.ts';
import { fallOffChart, gapChart, stintChart } from './coaching-data.ts';
import { HISTORY } from './driver-history.tsx';
import { LapChart } from './lap-chart.tsx';
import { NotYet, useFetch } from './use-fetch.tsx';

const gap = (v: number) => v.toFixed(1);

function Answer({ id, question, sentence, children }: { id: string; question: string; sentence: string; children?: ComponentChildren }) {
  return (
    <article class="answer" aria-labelledby={`${id}-q`} id={id}>
      <h4 id={`${id}-q`}>{question}</h4>
      <p class="said">{sentence}</p>
      {children}
    </article>
  );
}

/** The third answer needs the driver's earlier events at this track: the drivers' history. */
function LastYear({ race, driverKey }: { race: LapModelRace; driverKey: string }) {
  const e = race.event;
  const history = useFetch<{ events: HistoryRow[] }>(`${HISTORY}/drivers/history?source=${e.source}&driver_key=${encodeURIComponent(driverKey)}&track_id=${encodeURIComponent(e.track_id)}`);
  if (history.kind !== 'ok') return <NotYet state={history} loading="Reading earlier events…" />;
  const rows = history.body.events;
  const answer = consistencyVsLastYear(race, driverKey, rows, rows[0]?.track_name ?? e.track_id);
  return (
    <Answer id="answer-last-year" question="More consistent here than last year?" sentence={answer.sentence}>
      {answer.events.length > 0 && (
        <p class="note">
          From the driver's history: <a href={`#/drivers/${e.source}/${driverKey}`}>every event</a>.
        </p>
      )}
    </Answer>
  );
}

export function Coaching({ race }: { race: LapModelRace }) {
  const drivers = race.results.filter((r) => r.laps > 0);
  const [key, setKey] = useState(drivers[0]?.driver_key ?? '');
  const answers = useMemo(() => {
    const drop = fallOff(race, key);
    const opening = leaderGap(race, key);
    const steady = stints(race, key);
    return drop && opening && steady ? { drop, opening, steady, dropChart: fallOffChart(race, drop), gapData: gapChart(race, opening), stintData: stintChart(race, steady) } : null;
  }, [race, key]);
  if (drivers.length === 0) return null;
  return (
    <section class="coaching" aria-labelledby="coaching-title">
      <h3 id="coaching-title">Coaching</h3>
      <p class="pick">
        <label for="coach-driver">Driver</label>
        <select id="coach-driver" name="coach-driver" value={key} onChange={(e) => setKey(e.currentTarget.value)}>
          {drivers.map((r) => (
            <option key={r.driver_key} value={r.driver_key}>
              {r.position}. {r.driver_name}
            </option>
          ))}
        </select>
      </p>
      {answers && (
        <>
          <Answer id="answer-fall-off" question="Where did the laps fall off?" sentence={answers.drop.sentence}>
            <LapChart id="chart-fall-off" title="Lap times with the rolling average (s)" data={answers.dropChart} yLabel="Seconds" format={seconds} />
          </Answer>
          <Answer id="answer-leader" question="How did the first 5 minutes compare with the leader?" sentence={answers.opening.sentence}>
            {answers.gapData.laps.length > 0 && <LapChart id="chart-gap" title={`Gap to ${answers.opening.reference_name} after each lap (s, behind is up)`} data={answers.gapData} yLabel="Seconds" format={gap} />}
          </Answer>
          <Answer id="answer-stints" question="How consistent was each stint?" sentence={answers.steady.sentence}>
            {answers.stintData.laps.length > 1 && <LapChart id="chart-stints" title="Average lap and spread by stint (s)" data={answers.stintData} yLabel="Seconds" xLabel="Stint" format={seconds} />}
          </Answer>
          <LastYear key={key} race={race} driverKey={key} />
        </>
      )}
    </section>
  );
}
