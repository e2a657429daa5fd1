/** @module Picks the scenario named in the options. */
import type { ScenarioChoice, Scenario } from '../types.ts';
import { bmxMotos } from './bmx-motos.ts';
import { burst } from './burst.ts';
import { rcPractice } from './rc-practice.ts';
import { replay } from './replay.ts';

export const SCENARIO_NAMES = ['rc-practice', 'bmx-motos', 'burst'] as const;

export async function createScenario(choice: ScenarioChoice, seed: number): Promise<Scenario> {
  if (typeof choice === 'object') return replay(choice.replay);
  switch (choice) {
    case 'rc-practice':
      return rcPractice(seed);
    case 'bmx-motos':
      return bmxMotos(seed);
    case 'burst':
      return burst();
    default:
      throw new Error(`unknown scenario "${String(choice)}" (choose ${SCENARIO_NAMES.join(', ')} or a replay file)`);
  }
}
