/** @module One race in full for race control and protests: every competitor's laps (rejected ones too) and every crossing it saw. */
import { usToMs } from './format.ts';
import { raceView } from './race-views.ts';
import type { RaceState } from './state.ts';
import type { LapView, RaceDetail } from './views.ts';

export function raceDetail(race: RaceState): RaceDetail {
  const origin = race.started_at_us ?? race.staged_at_us;
  const laps: Record<string, LapView[]> = {};
  for (const c of race.competitors) {
    const counted: LapView[] = c.laps.map((l, i) => ({ lap: i + 1, lap_ms: usToMs(l.lap_us), time_ms: usToMs(l.t_us - origin), ref: l.ref, rejected: false, suspect_missed: l.suspect }));
    const rejected: LapView[] = c.rejected.map((l) => ({ lap: 0, lap_ms: usToMs(l.lap_us), time_ms: usToMs(l.t_us - origin), ref: l.ref, rejected: true, suspect_missed: false }));
    if (race.format === 'bmx' && c.finish_us !== null) counted.push({ lap: 1, lap_ms: usToMs(c.finish_us - origin), time_ms: usToMs(c.finish_us - origin), ref: '', rejected: false, suspect_missed: false });
    laps[c.rider_id ?? c.key] = [...counted, ...rejected].sort((a, b) => a.time_ms - b.time_ms);
  }
  const riderOf = (transponder: number | null, riderId: string | null) => riderId ?? race.competitors.find((c) => transponder !== null && c.transponders.includes(transponder))?.rider_id ?? null;
  const passings = race.crossings.map((c) => ({
    ref: c.ref,
    transponder: c.transponder,
    rider_id: riderOf(c.transponder, c.rider_id),
    time_ms: usToMs(c.t_us - origin),
    decoder_id: c.decoder_id,
    ignored: c.ignored,
    manual: c.manual,
  }));
  return { race: raceView(race), laps, passings };
}
