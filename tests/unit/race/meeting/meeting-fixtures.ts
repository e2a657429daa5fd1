/** @module Test helpers for meeting formats: riders, classes and moto results written the way the docs' example tables are. */
import type { MotoResult, MotoSheet, SheetClass } from '../../../../shared/race/meeting/index.ts';

export const riders = (ids: readonly string[]) => ids.map((rider_id, i) => ({ rider_id, plate: String(i + 1) }));

export const cls = (class_id: string, ids: readonly string[], seeding: string[] | null = null): SheetClass => ({ class_id, riders: riders(ids), seeding });

/** `n` ids `prefix1` … `prefixN`. */
export const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/**
 * A finished moto: finishers in order score their place, a DNF the field size, a DNS the
 * field + 1, as the engine scores them.
 */
export function result(race_id: string, finishers: string[], dnf: string[] = [], dns: string[] = []): MotoResult {
  const field = finishers.length + dnf.length + dns.length;
  return {
    race_id,
    rows: [
      ...finishers.map((rider_id, i) => ({ rider_id, status: 'finished' as const, place: i + 1, points: i + 1 })),
      ...dnf.map((rider_id) => ({ rider_id, status: 'dnf' as const, place: null, points: field })),
      ...dns.map((rider_id) => ({ rider_id, status: 'dns' as const, place: null, points: field + 1 })),
    ],
  };
}

/** The race id of a group's moto on the sheet, by split (0 = A) and round. */
export function motoId(sheet: MotoSheet, groupId: string, split: number, round: number): string {
  const moto = sheet.motos.find((m) => m.group_id === groupId && m.split === split && m.round === round);
  if (!moto) throw new Error(`no moto for ${groupId} split ${split} round ${round}`);
  return moto.race_id;
}
