/** @module BMX motos on a ProChip decoder: a gate marker, up to 8 riders finishing 30-45 s later, a pause, the next moto (p3-protocol.md §5). */
import { seededRng, type Rng } from '../../../shared/random/index.ts';
import type { DEFAULT_GATE_TRANSPONDERS } from '../../../shared/p3/index.ts';
import type { Scenario, ScenarioEvent } from '../types.ts';

/** The 8 m hill's gate-drop marker as a Smart Decoder reports it (Sqorz docs, erathe capture 008). */
/** The 8 m hill marker; typed against the shared gate list so the two cannot drift apart. */
export const GATE_TRANSPONDER: (typeof DEFAULT_GATE_TRANSPONDERS)[number] = 9992;
/** At most 8 riders per gate (§5, lanes). */
export const MAX_RIDERS = 8;
const ROSTER_SIZE = 24;

interface Rider {
  transponder: number;
  /** ProChip chip code, e.g. "FL-94890" in the erathe capture. */
  code: string;
}

function roster(rng: Rng): Rider[] {
  const riders = new Map<number, Rider>();
  const letters = 'ABCDEFGHJKLMNPRSTVWXYZ';
  while (riders.size < ROSTER_SIZE) {
    // ProChip transponders are 9-digit numbers (102758186 in the capture).
    const transponder = rng.int(100_000_000, 199_999_999);
    const code = `${rng.pick([...letters])}${rng.pick([...letters])}-${rng.int(10_000, 99_999)}`;
    riders.set(transponder, { transponder, code });
  }
  return [...riders.values()];
}

export function bmxMotos(seed: number): Scenario {
  const rng = seededRng(seed);
  const riders = roster(rng);
  const queue: ScenarioEvent[] = [];
  let gateUs = rng.between(3, 8) * 1e6;

  const moto = (): void => {
    queue.push({ kind: 'passing', atUs: gateUs, passing: { layout: 'prochip-gate', transponder: GATE_TRANSPONDER } });
    // Lanes and riders change from moto to moto: a fresh draw from the roster each time.
    const finishers = rng
      .sample(riders, rng.int(3, MAX_RIDERS))
      .map((rider) => ({ rider, atUs: gateUs + rng.between(30, 45) * 1e6 }))
      .sort((a, b) => a.atUs - b.atUs);
    for (const { rider, atUs } of finishers) {
      queue.push({
        kind: 'passing',
        atUs,
        passing: { layout: 'prochip-rider', transponder: rider.transponder, transponder_code: rider.code, strength: rng.int(76, 133), hits: rng.int(15, 45) },
      });
    }
    gateUs = finishers[finishers.length - 1]!.atUs + rng.between(50, 70) * 1e6;
  };

  return {
    name: 'bmx-motos',
    profile: 'prochip',
    paced: true,
    carriesStatus: false,
    next() {
      if (queue.length === 0) moto();
      return queue.shift();
    },
  };
}
