/** @module How an RC main's bump place reads on race control: open, with the finisher of the main below it waits for; filled, with the main its driver came up from. */
import type { PlannedSlot } from '../../shared/race/meeting-run/types.ts';

const ordinal = (n: number) => (n % 10 === 1 && n % 100 !== 11 ? `${n}st` : n % 10 === 2 && n % 100 !== 12 ? `${n}nd` : n % 10 === 3 && n % 100 !== 13 ? `${n}rd` : `${n}th`);

/** Null for any place that is not a bump place. */
export function bumpText(slot: PlannedSlot): string | null {
  if (!slot.bump) return null;
  if (slot.rider_id !== null) return `bumped up from ${slot.bump.from}`;
  return `open place for the ${slot.bump.from} ${slot.bump.place === 1 ? 'winner' : ordinal(slot.bump.place)}`;
}
