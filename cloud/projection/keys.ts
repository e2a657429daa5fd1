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
};

/** What `kv.keys()` takes to list every track summary. */
export const TRACK_SUMMARIES = 'tracks.*';
