/** @module BMX races after the motos: how many quarters, semis or mains a field needs, who rides which, and lanes in the order riders choose them. */
import { dealSerpentine } from './splits.ts';

export type BmxStage = 'main' | 'semi' | 'quarter' | 'eighth' | 'sixteenth';

const STAGES: BmxStage[] = ['main', 'semi', 'quarter', 'eighth', 'sixteenth'];
const STAGE_NAMES: Record<BmxStage, string> = { main: 'Main', semi: 'Semi', quarter: 'Quarter', eighth: 'Eighth-final', sixteenth: 'Sixteenth-final' };

export interface ProposedSlot {
  lane: number;
  rider_id: string;
  /** Order of lane choice: 1 chooses first. */
  choice: number;
}

export interface ProposedRace {
  race_id: string;
  group_id: string;
  stage: BmxStage;
  /** 1-based within the stage (Semi 1, Semi 2). */
  index: number;
  name: string;
  /** By lane. */
  lineup: ProposedSlot[];
}

export interface StageOptions {
  /** Lanes in the order riders take them when choosing (inside first by default). */
  lane_preference?: number[];
  race_id_prefix?: string;
  gate_size?: number;
}

/** Races a field of `riders` needs in its first round after the motos: one main, else a power of two so four from each meet in the next round. */
export function racesFor(riders: number, gateSize = 8): number {
  if (riders <= gateSize) return 1;
  let races = 1;
  while (races * gateSize < riders) races *= 2;
  return races;
}

export const stageOf = (races: number): BmxStage => STAGES[Math.log2(races)] ?? 'sixteenth';

/** Even sizes for `riders` over `races`, larger first. */
function evenSizes(riders: number, races: number): number[] {
  const small = Math.floor(riders / races);
  return Array.from({ length: races }, (_, i) => (i < riders - small * races ? small + 1 : small));
}

/**
 * The races of one stage from riders in lane-choice order: dealt in a serpentine so the best
 * are spread, and within each race the rider who chooses first takes the first preferred lane.
 */
export function buildStage(groupId: string, choiceOrder: readonly string[], options: StageOptions = {}): ProposedRace[] {
  const gateSize = options.gate_size ?? 8;
  const preference = options.lane_preference ?? Array.from({ length: gateSize }, (_, i) => i + 1);
  const count = racesFor(choiceOrder.length, gateSize);
  const stage = stageOf(count);
  const dealt = dealSerpentine(choiceOrder, evenSizes(choiceOrder.length, count));
  return dealt.map((riders, i) => {
    const lineup = riders.map((rider_id, c) => ({ lane: preference[c]!, rider_id, choice: c + 1 })).sort((a, b) => a.lane - b.lane);
    const index = i + 1;
    const name = count === 1 ? STAGE_NAMES[stage] : `${STAGE_NAMES[stage]} ${index}`;
    return { race_id: `${options.race_id_prefix ?? ''}${groupId}-${stage}-${index}`, group_id: groupId, stage, index, name, lineup };
  });
}
