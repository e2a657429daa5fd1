/** @module One race in full for race control and protests: every competitor's laps (rejected and suspect ones too) and every crossing it saw; and the compact laps a timed race's final or recounted update carries. */
import { usToMs } from './format.ts';
import { raceView } from './race-views.ts';
import type { Competitor, RaceState } from './state.ts';
import type { CountedLaps, LapView, RaceDetail } from './views.ts';

type Mark = Pick<LapView, 'rejected' | 'suspect_missed' | 'suspect_short' | 'suspect_lap' | 'confirmed'>;
const PLAIN: Mark = { rejected: false, suspect_missed: false, suspect_short: false, suspect_lap: null, confirmed: false };

/** The lap number a crossing set aside would take if confirmed: one more than the laps counted before it. */
function lapIfConfirmed(c: Competitor, tUs: number): number {
  let before = 0;
  while (before < c.laps.length && c.laps[before]!.t_us < tUs) before++;
  return before + 1;
}

const confirmedRefs = (race: RaceState) => new Set(race.corrections.filter((k) => k.kind === 'confirm').map((k) => k.ref));

/** Every competitor's laps as numbers, keyed as raceDetail keys them (rider_id, else the competitor key). */
export function countedLaps(race: RaceState): Record<string, CountedLaps> {
  const confirmed = confirmedRefs(race);
  const out: Record<string, CountedLaps> = {};
  for (const c of race.competitors) {
    const numbers = (keep: (l: Competitor['laps'][number]) => boolean) => c.laps.flatMap((l, i) => (keep(l) ? [i + 1] : []));
    out[c.rider_id ?? c.key] = {
      lap_ms: c.laps.map((l) => usToMs(l.lap_us)),
      suspect: numbers((l) => l.suspect),
      confirmed: numbers((l) => confirmed.has(l.ref)),
      rejected_ms: c.rejected.map((l) => usToMs(l.lap_us)),
      set_aside_ms: c.short_laps.map((l) => usToMs(l.lap_us)),
    };
  }
  return out;
}

export function raceDetail(race: RaceState): RaceDetail {
  const origin = race.started_at_us ?? race.staged_at_us;
  const confirmed = confirmedRefs(race);
  const view = (lap: number, lapUs: number, tUs: number, ref: string, mark: Mark): LapView => ({ lap, lap_ms: usToMs(lapUs), time_ms: usToMs(tUs - origin), at_us: tUs, ref, ...mark });
  const laps: Record<string, LapView[]> = {};
  for (const c of race.competitors) {
    const counted = c.laps.map((l, i) => view(i + 1, l.lap_us, l.t_us, l.ref, { ...PLAIN, suspect_missed: l.suspect, confirmed: confirmed.has(l.ref) }));
    const rejected = c.rejected.map((l) => view(0, l.lap_us, l.t_us, l.ref, { ...PLAIN, rejected: true }));
    const short = c.short_laps.map((l) => view(0, l.lap_us, l.t_us, l.ref, { ...PLAIN, suspect_short: true, suspect_lap: lapIfConfirmed(c, l.t_us) }));
    if (race.format === 'bmx' && c.finish_us !== null) counted.push(view(1, c.finish_us - origin, c.finish_us, '', PLAIN));
    laps[c.rider_id ?? c.key] = [...counted, ...rejected, ...short].sort((a, b) => a.time_ms - b.time_ms);
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
