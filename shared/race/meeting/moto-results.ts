/** @module A group's moto results read off the sheet: points per rider per round, and who transferred from which moto under a transfer code. */
import type { BmxRow } from '../views.ts';
import type { PointsRecord } from './bmx-ranking.ts';
import { motoLineup } from './moto-sheet.ts';
import { byLot } from './seed.ts';
import type { MotoSheet, SheetGroup, SheetMoto } from './sheet-types.ts';

/** A finished moto as the engine's BMX view gives it. */
export interface MotoResult {
  race_id: string;
  rows: Pick<BmxRow, 'rider_id' | 'status' | 'place' | 'points'>[];
}

export interface Transfer {
  rider_id: string;
  split: number;
  round: number;
  /** Order among the riders of that moto who transferred (1: its winner). */
  place: number;
}

export interface GroupMotos {
  group: SheetGroup;
  records: PointsRecord[];
  transfers: Transfer[];
  /** Race ids of the group's motos still to be run (or whose riders have not all transferred). */
  waiting_for: string[];
  complete: boolean;
}

export type ResultsById = ReadonlyMap<string, MotoResult>;

/** Points of each rider who lined up; one on the sheet missing from the result is a DNS: the field + 1. */
function motoPoints(lineup: string[], result: MotoResult): Map<string, { points: number; status: string }> {
  const field = lineup.length;
  const rows = new Map(result.rows.map((r) => [r.rider_id, r]));
  return new Map(lineup.map((id) => {
    const row = rows.get(id);
    return [id, row ? { points: row.points ?? field + 1, status: row.status } : { points: field + 1, status: 'dns' }];
  }));
}

/**
 * Walks each split's motos round by round. With a `code`, the best `code[round - 1]` riders of
 * each moto (by points; a DNS never transfers, riders level on points go by lot) transfer and
 * sit out the later rounds. A moto with no result stops its split there.
 */
export function readGroupMotos(sheet: MotoSheet, groupId: string, results: ResultsById, code: number[] | null): GroupMotos {
  const group = sheet.groups.find((g) => g.group_id === groupId);
  if (!group) throw new RangeError(`no group ${groupId} on the moto sheet`);
  const motos = sheet.motos.filter((m) => m.group_id === groupId);
  const points = new Map<string, (number | null)[]>(group.splits.flat().map((id) => [id, Array<number | null>(sheet.rounds).fill(null)]));
  const transfers: Transfer[] = [];
  const waiting: string[] = [];
  const lot = byLot(sheet.seed);
  group.splits.forEach((_, split) => {
    const gone = new Set<string>();
    const splitMotos = motos.filter((m) => m.split === split).sort((a, b) => a.round - b.round);
    for (const moto of splitMotos) {
      const lineup = motoLineup(moto, gone).map((s) => s.rider_id);
      if (lineup.length === 0) continue;
      const result = results.get(moto.race_id);
      if (!result) {
        waiting.push(...splitMotos.filter((m) => m.round >= moto.round).map((m) => m.race_id));
        return;
      }
      const scored = motoPoints(lineup, result);
      for (const [id, s] of scored) points.get(id)![moto.round - 1] = s.points;
      if (code) transferFrom(moto, scored, code[moto.round - 1] ?? 0, lot, gone, transfers);
    }
  });
  const records = [...points].map(([rider_id, p]) => ({ rider_id, points: p }));
  waiting.sort((a, b) => motoNumber(motos, a) - motoNumber(motos, b));
  return { group, records, transfers, waiting_for: waiting, complete: waiting.length === 0 };
}

function transferFrom(moto: SheetMoto, scored: Map<string, { points: number; status: string }>, count: number, lot: (a: string, b: string) => number, gone: Set<string>, out: Transfer[]): void {
  const order = [...scored].filter(([, s]) => s.status !== 'dns').sort(([a, x], [b, y]) => x.points - y.points || lot(a, b));
  order.slice(0, count).forEach(([rider_id], i) => {
    gone.add(rider_id);
    out.push({ rider_id, split: moto.split, round: moto.round, place: i + 1 });
  });
}

const motoNumber = (motos: SheetMoto[], raceId: string) => motos.find((m) => m.race_id === raceId)?.number ?? 0;
