/** @module BMX formats chosen per class: total points, the USA BMX transfer table (data the operator sees and edits), or UCI-style total points to mains. */

/**
 * One row of a transfer table: classes of `min`..`max` riders (null: no upper bound) use this
 * `code`, the riders transferring from moto 1, 2, 3 of each split; null means total points,
 * no main. With more than one split, each split sends `sum(code)` riders on.
 */
export interface TransferRow {
  min: number;
  max: number | null;
  code: number[] | null;
}

export type TransferTable = TransferRow[];

/** USA BMX's 3-moto transfer system as the moto sheet prints it (docs/race-meetings.md). */
export const USA_BMX_TRANSFERS: Readonly<TransferTable> = Object.freeze([
  { min: 1, max: 3, code: null },
  { min: 4, max: 4, code: [1, 1, 1] },
  { min: 5, max: 5, code: [1, 1, 2] },
  { min: 6, max: 6, code: [1, 2, 2] },
  { min: 7, max: 7, code: [2, 2, 2] },
  { min: 8, max: 8, code: [2, 2, 3] },
  // Two splits of 5–8, four from each make the main of 8.
  { min: 9, max: 16, code: [1, 1, 2] },
  // Three or more splits, four from each to semis (or quarters), four from each of those on.
  { min: 17, max: null, code: [1, 1, 2] },
]);

export type BmxFormat =
  | { kind: 'total_points' }
  | { kind: 'transfer'; table?: TransferTable }
  /** Total points within each split; the best `advance` of each go on (UCI, "Olympic"). */
  | { kind: 'olympic'; advance?: number };

export type ResolvedFormat =
  | { kind: 'total_points'; text: string }
  | { kind: 'transfer'; code: number[]; text: string }
  | { kind: 'olympic'; advance: number; text: string };

/** Riders who go on from each quarter or semi, and from each split under total points. */
export const ADVANCE = 4;

/** What a class of `riders` rides under a format, with the code the moto sheet prints (`2-2-3`). */
export function resolveFormat(format: BmxFormat, riders: number): ResolvedFormat {
  if (format.kind === 'total_points') return { kind: 'total_points', text: 'total points' };
  if (format.kind === 'olympic') {
    const advance = format.advance ?? ADVANCE;
    return { kind: 'olympic', advance, text: `total points, ${advance} per moto to the next round` };
  }
  const row = (format.table ?? USA_BMX_TRANSFERS).find((r) => riders >= r.min && (r.max === null || riders <= r.max));
  if (!row || row.code === null) return { kind: 'total_points', text: 'total points' };
  return { kind: 'transfer', code: [...row.code], text: row.code.join('-') };
}
