/**
 * @module Key names of the read models in the `mre_read_models` bucket. Track, event, race and class
 * ids are tokens (lowercase letters, digits, `_`, `-`), so each is one `.`-separated key token; a
 * standings table without a class is `_none`, which no class id can be (ids start with a letter or digit).
 *
 * | key | model |
 * |---|---|
 * | `tracks.<track>` | TrackSummary: live or idle, last activity, current event (the track list is every key under `tracks.`) |
 * | `track.<track>.live` | TrackLive: current event, active races, last activity, last applied stream sequence |
 * | `track.<track>.event.<event>` | EventModel: the event set-up and its races |
 * | `track.<track>.event.<event>.standings.<class>` | StandingsModel per event and class |
 * | `track.<track>.race.<race>` | RaceResults: the race view, rows as results |
 * | `track.<track>.race.<race>.detail` | RaceDetailModel: laps, finishes and rejected laps as counted |
 * | `lapmodel.<track>.event.<event>` | LapEvent: a box event in the one lap model (shared/contracts/lap-model.ts) |
 * | `lapmodel.<track>.race.<event>.<race>` | BoxLapRace: a timed race with its results and laps in the one lap model |
 */
import { assertToken } from '../../shared/contracts/tokens.ts';

export const NO_CLASS = '_none';

const t = (what: string, id: string) => assertToken(what, id);

export const modelKeys = {
  trackSummary: (trackId: string) => `tracks.${t('track_id', trackId)}`,
  trackLive: (trackId: string) => `track.${t('track_id', trackId)}.live`,
  event: (trackId: string, eventId: string) => `track.${t('track_id', trackId)}.event.${t('event_id', eventId)}`,
  standings: (trackId: string, eventId: string, classId: string | null) =>
    `track.${t('track_id', trackId)}.event.${t('event_id', eventId)}.standings.${classId === null ? NO_CLASS : t('class_id', classId)}`,
  race: (trackId: string, raceId: string) => `track.${t('track_id', trackId)}.race.${t('race_id', raceId)}`,
  raceDetail: (trackId: string, raceId: string) => `track.${t('track_id', trackId)}.race.${t('race_id', raceId)}.detail`,
  lapEvent: (trackId: string, eventId: string) => `lapmodel.${t('track_id', trackId)}.event.${t('event_id', eventId)}`,
  /** Under its event, as LiveRC's races are (`<event>.<race>`): an event's races are the keys `lapmodel.<track>.race.<event>.*`. */
  lapRace: (trackId: string, eventId: string, raceId: string) => `lapmodel.${t('track_id', trackId)}.race.${t('event_id', eventId)}.${t('race_id', raceId)}`,
  /** The filter `kv.keys()` takes for every timed race of an event. */
  lapEventRaces: (trackId: string, eventId: string) => `lapmodel.${t('track_id', trackId)}.race.${t('event_id', eventId)}.*`,
};

/** What `kv.keys()` takes to list every track summary. */
export const TRACK_SUMMARIES = 'tracks.*';
