/**
 * @module How one `race.updated` moves a race's results, its detail and its line in lists. Each is a
 * pure function of the old model and the event, and applying the same event again changes nothing:
 * views are replaced only by a newer revision, laps are set by lap number, finishes by rider.
 */
import type { DerivedPayloads, RaceView } from '../../shared/race/index.ts';
import type { RaceDetailModel, RaceResults, RaceSummary } from './models.ts';

/** Laps kept per race detail: an hour of open practice with a full field stays under the KV message limit. */
export const MAX_LAPS = 5000;
const MAX_REJECTED = 500;
/** Races listed per event: a national BMX meeting runs several hundred motos. */
export const MAX_EVENT_RACES = 1000;

export const summaryOf = (race: RaceView): RaceSummary => ({
  race_id: race.race_id,
  event_id: race.event_id,
  class_id: race.class_id,
  name: race.name,
  round: race.round,
  format: race.format,
  status: race.status,
  staged_at_us: race.staged_at_us,
  started_at_us: race.started_at_us,
  finished_at_us: race.finished_at_us,
});

/** Newer revisions replace the view; an older or equal one (a replay, a coalesced update) is ignored. */
export function nextResults(old: RaceResults | undefined, trackId: string, race: RaceView): RaceResults {
  if (old && old.race.revision >= race.revision) return old;
  return { track_id: trackId, race };
}

const emptyDetail = (trackId: string, race: RaceView): RaceDetailModel => ({ track_id: trackId, race_id: race.race_id, event_id: race.event_id, laps: {}, rejected: [], finishes: {}, corrected: false, truncated: false });

const competitor = (riderId: string | null, transponder: number | null) => riderId ?? (transponder === null ? 'unknown' : `t${transponder}`);
const lapCount = (detail: RaceDetailModel) => Object.values(detail.laps).reduce((n, laps) => n + laps.length, 0);

/** The detail after one change; the same object when the change adds nothing new. */
export function nextDetail(old: RaceDetailModel | undefined, trackId: string, update: DerivedPayloads['race.updated'], atUs: number): RaceDetailModel {
  const { race, change } = update;
  const detail = old ?? emptyDetail(trackId, race);
  switch (change.kind) {
    case 'lap': {
      const who = competitor(change.rider_id, change.transponder);
      const laps = detail.laps[who] ?? [];
      const known = laps.find((l) => l.lap === change.lap);
      if (known && known.lap_ms === change.lap_ms && known.at_us === atUs) return detail;
      if (!known && lapCount(detail) >= MAX_LAPS) return detail.truncated ? detail : { ...detail, truncated: true };
      const entry = { lap: change.lap, lap_ms: change.lap_ms, at_us: atUs };
      const next = [...laps.filter((l) => l.lap !== change.lap), entry].sort((a, b) => a.lap - b.lap);
      return { ...detail, laps: { ...detail.laps, [who]: next } };
    }
    case 'rejected': {
      const who = competitor(change.rider_id, change.transponder);
      if (detail.rejected.some((r) => r.competitor === who && r.at_us === atUs && r.lap_ms === change.lap_ms)) return detail;
      if (detail.rejected.length >= MAX_REJECTED) return detail.truncated ? detail : { ...detail, truncated: true };
      return { ...detail, rejected: [...detail.rejected, { competitor: who, lap_ms: change.lap_ms, at_us: atUs }] };
    }
    case 'finish': {
      const known = detail.finishes[change.rider_id];
      if (known && known.place === change.place && known.elapsed_ms === change.elapsed_ms) return detail;
      return { ...detail, finishes: { ...detail.finishes, [change.rider_id]: { place: change.place, elapsed_ms: change.elapsed_ms, at_us: known?.at_us ?? atUs } } };
    }
    case 'correction':
    case 'rescored':
      return detail.corrected || (lapCount(detail) === 0 && Object.keys(detail.finishes).length === 0) ? detail : { ...detail, corrected: true };
    default:
      // staged, started, gate, reset, finished: nothing lap-shaped; the detail exists from the first change.
      return detail;
  }
}

/** A race's line in a list, newest staged first; reset races leave it; at most `max` lines, the oldest dropped. */
export function withSummary(list: RaceSummary[], race: RaceView, max: number): RaceSummary[] {
  const rest = list.filter((r) => r.race_id !== race.race_id);
  if (race.status === 'reset') return rest.length === list.length ? list : rest;
  const line = summaryOf(race);
  const old = list.find((r) => r.race_id === race.race_id);
  if (old && JSON.stringify(old) === JSON.stringify(line)) return list;
  const next = [...rest, line].sort((a, b) => b.staged_at_us - a.staged_at_us || (a.race_id < b.race_id ? -1 : 1));
  return next.length > max ? next.slice(0, max) : next;
}
