/** @module An event's races, a LiveRC import's or a box's, grouped by round, then by class, each linking to its race view. */
import type { RaceSummary } from '../../shared/contracts/race-summary.ts';
import { BOX, LIVERC } from './api.ts';
import { when } from './chart-data.ts';
import { raceHref, type Source } from './route.ts';
import { NotYet, useFetch } from './use-fetch.tsx';

interface EventDetail {
  event: { name: string; date_start: string | null; date_end: string | null };
  races: RaceSummary[];
}

const eventPath = (id: string, source: Source) => (source.kind === 'box' ? `${BOX}/tracks/${source.track}/events/${id}` : `${LIVERC}/events/${id}`);

/** Rounds in the order they ran (the API lists races oldest first), classes within a round likewise. */
export function groupRaces(races: readonly RaceSummary[]): { round: string; classes: { name: string; races: RaceSummary[] }[] }[] {
  const rounds = new Map<string, Map<string, RaceSummary[]>>();
  for (const race of races) {
    const round = race.round ?? 'Other races';
    const classes = rounds.get(round) ?? rounds.set(round, new Map()).get(round)!;
    (classes.get(race.class_name) ?? classes.set(race.class_name, []).get(race.class_name)!).push(race);
  }
  return [...rounds].map(([round, classes]) => ({ round, classes: [...classes].map(([name, list]) => ({ name, races: list })) }));
}

export function EventView({ id, source }: { id: string; source: Source }) {
  const detail = useFetch<EventDetail>(eventPath(id, source));
  if (detail.kind !== 'ok') return <NotYet state={detail} loading="Reading the event…" />;
  const { event, races } = detail.body;
  return (
    <section class="panel event-view" aria-labelledby="event-title">
      <p class="crumbs">
        {source.kind === 'box' ? <a href="#/box">← Timed by our boxes</a> : <a href="#/">← Events</a>}
      </p>
      <h2 id="event-title">{event.name}</h2>
      <p class="note">
        {event.date_start}
        {event.date_end && event.date_end !== event.date_start ? ` to ${event.date_end}` : ''} · {races.length} {races.length === 1 ? 'race' : 'races'}
      </p>
      {races.length === 0 && <p class="note">{source.kind === 'box' ? 'No timed race of this event has reached the cloud yet.' : 'No race of this event has been imported yet.'}</p>}
      {groupRaces(races).map((round) => (
        <section class="round" key={round.round} data-round={round.round}>
          <h3>{round.round}</h3>
          {round.classes.map((cls) => (
            <div class="class-group" key={cls.name} data-class={cls.name}>
              <h4>{cls.name}</h4>
              <ul class="race-list">
                {cls.races.map((race) => (
                  <li key={race.source_race_id} data-race-id={race.source_race_id}>
                    <a href={raceHref(race.source_race_id, id, source)}>{race.label}</a>
                    <span class="note">
                      {race.results.length} drivers{race.completed_at ? ` · ${when(race.completed_at)}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </section>
  );
}
