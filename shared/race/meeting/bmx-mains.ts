/** @module Mains proposed from BMX results: from the motos (transfer or total points) to the first stage, and from each quarter or semi to the next. */
import { type BmxFormat, ADVANCE, type ResolvedFormat, resolveFormat } from './bmx-format.ts';
import { compareBmx, type PointsRecord, rankByPoints, type RankedRider } from './bmx-ranking.ts';
import { buildStage, type ProposedRace, type StageOptions } from './bmx-stage.ts';
import { readGroupMotos, type ResultsById, type Transfer } from './moto-results.ts';
import { byLot } from './seed.ts';
import type { MotoSheet } from './sheet-types.ts';

export interface MainsProposal {
  group_id: string;
  format: ResolvedFormat;
  /** Every moto has a result: `races` can be staged. */
  complete: boolean;
  waiting_for: string[];
  /** The group by moto points (for total points, the result of the class). */
  ranking: RankedRider[];
  transfers: Transfer[];
  /** The first stage after the motos, lanes by lane choice; empty under total points or while motos remain. */
  races: ProposedRace[];
}

/** Proposes a group's first races after its motos. Nothing is decided until race control confirms it. */
export function proposeFromMotos(sheet: MotoSheet, groupId: string, format: BmxFormat, results: ResultsById, options: StageOptions = {}): MainsProposal {
  const group = sheet.groups.find((g) => g.group_id === groupId);
  if (!group) throw new RangeError(`no group ${groupId} on the moto sheet`);
  const resolved = resolveFormat(format, group.splits.flat().length);
  const motos = readGroupMotos(sheet, groupId, results, resolved.kind === 'transfer' ? resolved.code : null);
  const ranking = rankByPoints(motos.records, sheet.seed);
  const base = { group_id: groupId, format: resolved, complete: motos.complete, waiting_for: motos.waiting_for, ranking, transfers: motos.transfers };
  if (!motos.complete || resolved.kind === 'total_points') return { ...base, races: [] };
  const order = resolved.kind === 'transfer' ? transferChoice(group.splits, motos.transfers, ranking, resolved.code, sheet.seed) : olympicChoice(group.splits, motos.records, resolved.advance, sheet.seed);
  return { ...base, races: buildStage(groupId, order, { gate_size: sheet.gate_size, ...options }) };
}

/**
 * Transfer order chooses lanes: riders out of moto 1 first, then moto 2, moto 3, each by place
 * in their moto and by lot between splits. With one split everyone rides the main, the rest
 * after the transfers by moto points. With more, each split sends `sum(code)`: a split short of
 * that (DNS) fills up from its best remaining riders by moto points.
 */
function transferChoice(splits: string[][], transfers: Transfer[], ranking: RankedRider[], code: number[], seed: number): string[] {
  const lot = byLot(seed);
  const moved = [...transfers].sort((a, b) => a.round - b.round || a.place - b.place || lot(a.rider_id, b.rider_id)).map((t) => t.rider_id);
  const done = new Set(moved);
  const rest = ranking.map((r) => r.rider_id).filter((id) => !done.has(id));
  if (splits.length === 1) return [...moved, ...rest];
  const quota = code.reduce((a, b) => a + b, 0);
  const fill = splits.flatMap((riders) => {
    const short = Math.min(quota, riders.length) - riders.filter((id) => done.has(id)).length;
    const inSplit = new Set(riders);
    return rest.filter((id) => inSplit.has(id)).slice(0, Math.max(0, short));
  });
  const fillSet = new Set(fill);
  return [...moved, ...rest.filter((id) => fillSet.has(id))];
}

/** Total points within each split; the best `advance` of each go on, choosing lanes by place in their split, then moto points across splits. */
function olympicChoice(splits: string[][], records: PointsRecord[], advance: number, seed: number): string[] {
  if (splits.length === 1) return rankByPoints(records, seed).map((r) => r.rider_id);
  const entrants = splits.flatMap((riders) => {
    const inSplit = new Set(riders);
    return rankByPoints(records.filter((r) => inSplit.has(r.rider_id)), seed).slice(0, advance);
  });
  const recordOf = new Map(records.map((r) => [r.rider_id, r]));
  entrants.sort((a, b) => a.position - b.position || compareBmx(recordOf.get(a.rider_id)!, recordOf.get(b.rider_id)!, seed).order);
  return entrants.map((r) => r.rider_id);
}

/**
 * The next stage from a finished one: the best `advance` (4) of each race by points (a DNS
 * never goes on), choosing lanes by their place, then by the choice they had in the stage
 * before. Null while a race of the stage has no result; empty after a main.
 */
export function proposeNextStage(stage: readonly ProposedRace[], results: ResultsById, seed: number, options: StageOptions = {}): ProposedRace[] | null {
  if (stage.length <= 1) return [];
  const lot = byLot(seed);
  const onwards: { rider_id: string; place: number; choice: number; race: number }[] = [];
  for (const race of stage) {
    const result = results.get(race.race_id);
    if (!result) return null;
    const field = race.lineup.length;
    const rows = new Map(result.rows.map((r) => [r.rider_id, r]));
    const ranked = race.lineup
      .map((slot) => ({ slot, row: rows.get(slot.rider_id) }))
      .filter(({ row }) => row !== undefined && row.status !== 'dns')
      .sort((a, b) => (a.row!.points ?? field) - (b.row!.points ?? field) || lot(a.slot.rider_id, b.slot.rider_id));
    ranked.slice(0, ADVANCE).forEach(({ slot }, i) => onwards.push({ rider_id: slot.rider_id, place: i + 1, choice: slot.choice, race: race.index }));
  }
  onwards.sort((a, b) => a.place - b.place || a.choice - b.choice || a.race - b.race);
  return buildStage(stage[0]!.group_id, onwards.map((o) => o.rider_id), options);
}
