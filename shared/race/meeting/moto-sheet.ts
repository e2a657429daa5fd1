/** @module BMX moto sheets: classes combined where allowed, split to fit the gate, lanes drawn and rotated, and the day's running order numbered 1..N. */
import { seededRng } from '../../random/index.ts';
import { drawFirstRound, rotateLanes } from './lanes.ts';
import { subSeed } from './seed.ts';
import type { LaneSlot, MotoSheet, SheetClass, SheetGroup, SheetMoto, SheetOptions } from './sheet-types.ts';
import { dealSerpentine, splitSizes } from './splits.ts';

const DEFAULT_ROUNDS = 3;
const DEFAULT_GATE = 8;

interface PlannedGroup {
  group_id: string;
  classes: SheetClass[];
}

/**
 * Classes ridden together: within each list the operator allows, classes join the group being
 * built while the riders still fit one gate; a class too big for the group starts the next one.
 * A class in no list, or alone, rides as itself. Groups keep the order of the classes given.
 */
export function planGroups(classes: readonly SheetClass[], combine: readonly string[][] = [], gateSize = DEFAULT_GATE): PlannedGroup[] {
  const joinedTo = new Map<string, PlannedGroup>();
  const byId = new Map(classes.map((c) => [c.class_id, c]));
  for (const list of combine) {
    let current: PlannedGroup | null = null;
    let riders = 0;
    for (const id of list) {
      const cls = byId.get(id);
      if (!cls || joinedTo.has(id) || cls.riders.length === 0) continue;
      if (current && riders + cls.riders.length <= gateSize) {
        current.classes.push(cls);
        riders += cls.riders.length;
      } else {
        current = { group_id: id, classes: [cls] };
        riders = cls.riders.length;
      }
      joinedTo.set(id, current);
    }
  }
  const groups: PlannedGroup[] = [];
  const placed = new Set<PlannedGroup>();
  for (const cls of classes) {
    if (cls.riders.length === 0) continue;
    const group = joinedTo.get(cls.class_id) ?? { group_id: cls.class_id, classes: [cls] };
    if (placed.has(group)) continue;
    placed.add(group);
    group.group_id = group.classes.map((c) => c.class_id).join('+');
    groups.push(group);
  }
  return groups;
}

/** Seeded riders first in their seeding order, then the rest in drawn order. */
function seedOrder(classes: readonly SheetClass[], rng: ReturnType<typeof seededRng>): string[] {
  const all = classes.flatMap((c) => c.riders.map((r) => r.rider_id));
  const known = new Set(all);
  const seeded = classes.flatMap((c) => (c.seeding ?? []).filter((id) => known.has(id)));
  const seededSet = new Set(seeded);
  const rest = all.filter((id) => !seededSet.has(id));
  return [...new Set(seeded), ...drawFirstRound(rest, rng)];
}

/** Builds the whole day's moto sheet; a pure function of the classes, the options and the seed. */
export function buildMotoSheet(classes: readonly SheetClass[], options: SheetOptions): MotoSheet {
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  const gateSize = options.gate_size ?? DEFAULT_GATE;
  const prefix = options.race_id_prefix ?? '';
  const slotOf = new Map<string, Omit<LaneSlot, 'lane'>>();
  for (const cls of classes) for (const r of cls.riders) slotOf.set(r.rider_id, { rider_id: r.rider_id, plate: r.plate, class_id: cls.class_id });

  const groups: SheetGroup[] = [];
  /** lanes[group][split][round] = riders by lane. */
  const lanes: string[][][][] = [];
  for (const planned of planGroups(classes, options.combine, gateSize)) {
    const rng = seededRng(subSeed(options.seed, planned.group_id));
    const order = seedOrder(planned.classes, rng);
    const splits = dealSerpentine(order, splitSizes(order.length, gateSize));
    groups.push({ group_id: planned.group_id, class_ids: planned.classes.map((c) => c.class_id), splits });
    lanes.push(splits.map((riders) => lanesByRound(drawFirstRound(riders, rng), rounds)));
  }

  const motos: SheetMoto[] = [];
  for (let round = 1; round <= rounds; round++) {
    groups.forEach((group, g) => {
      group.splits.forEach((_, split) => {
        const number = motos.length + 1;
        const lineup = lanes[g]![split]![round - 1]!.map((riderId, i) => ({ lane: i + 1, ...slotOf.get(riderId)! }));
        motos.push({ number, race_id: `${prefix}moto-${number}`, round, group_id: group.group_id, class_ids: group.class_ids, split, splits: group.splits.length, lineup });
      });
    });
  }
  return { seed: options.seed, rounds, gate_size: gateSize, groups, motos };
}

/** Riders in lane order for each round, from the round-1 order and the rotation. */
function lanesByRound(firstRound: string[], rounds: number): string[][] {
  return rotateLanes(firstRound.length, rounds).map((laneOf) => {
    const byLane: string[] = [];
    firstRound.forEach((riderId, i) => (byLane[laneOf[i]! - 1] = riderId));
    return byLane;
  });
}

/** The riders who line up for a moto: a rider who has transferred sits out until the main, leaving their gate empty. */
export function motoLineup(moto: SheetMoto, transferred: ReadonlySet<string>): LaneSlot[] {
  return moto.lineup.filter((slot) => !transferred.has(slot.rider_id));
}
