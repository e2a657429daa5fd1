/** @module BMX motos on a ProChip decoder: a gate marker, up to 8 riders finishing 30-45 s later, a pause, the next moto (p3-protocol.md §5); or the motos a box stages. */
import { seededRng, type Rng } from '../../../shared/random/index.ts';
import type { DEFAULT_GATE_TRANSPONDERS } from '../../../shared/contracts/control.ts';
import { checkField, checkRange } from '../options.ts';
import type { Scenario, ScenarioEvent, SecondsRange } from '../types.ts';

/** The 8 m hill's gate-drop marker as a Smart Decoder reports it (Sqorz docs, erathe capture 008). */
/** The 8 m hill marker; typed against the shared gate list so the two cannot drift apart. */
export const GATE_TRANSPONDER: (typeof DEFAULT_GATE_TRANSPONDERS)[number] = 9992;
/** At most 8 riders per gate (§5, lanes). */
export const MAX_RIDERS = 8;
const ROSTER_SIZE = 24;

/** Defaults for a staged moto: time from staging to the gate drop, and gate to finish line. */
export const GATE_DELAY_SECONDS: SecondsRange = [3, 6];
export const RACE_SECONDS: SecondsRange = [30, 45];

interface Rider {
  transponder: number;
  /** ProChip chip code, e.g. "FL-94890" in the erathe capture. */
  code: string;
}

const LETTERS = [...'ABCDEFGHJKLMNPRSTVWXYZ'];

function chipCode(rng: Rng): string {
  return `${rng.pick(LETTERS)}${rng.pick(LETTERS)}-${rng.int(10_000, 99_999)}`;
}

function roster(rng: Rng): Rider[] {
  const riders = new Map<number, Rider>();
  while (riders.size < ROSTER_SIZE) {
    // ProChip transponders are 9-digit numbers (102758186 in the capture).
    const transponder = rng.int(100_000_000, 199_999_999);
    riders.set(transponder, { transponder, code: chipCode(rng) });
  }
  return [...riders.values()];
}

export function bmxMotos(seed: number): Scenario {
  const rng = seededRng(seed);
  const riders = roster(rng);
  const codes = new Map(riders.map((r) => [r.transponder, r.code]));
  const queue: ScenarioEvent[] = [];
  let gateUs = rng.between(3, 8) * 1e6;
  let staged = false;

  /** Queues one moto and returns when its last rider finishes. */
  const race = (atUs: number, field: readonly Rider[], [fastest, slowest]: SecondsRange): number => {
    queue.push({ kind: 'passing', atUs, passing: { layout: 'prochip-gate', transponder: GATE_TRANSPONDER } });
    const finishers = field.map((rider) => ({ rider, atUs: atUs + rng.between(fastest, slowest) * 1e6 })).sort((a, b) => a.atUs - b.atUs);
    for (const { rider, atUs } of finishers) {
      queue.push({
        kind: 'passing',
        atUs,
        passing: { layout: 'prochip-rider', transponder: rider.transponder, transponder_code: rider.code, strength: rng.int(76, 133), hits: rng.int(15, 45) },
      });
    }
    return finishers[finishers.length - 1]!.atUs;
  };

  const moto = (): void => {
    // Lanes and riders change from moto to moto: a fresh draw from the roster each time.
    const lastUs = race(gateUs, rng.sample(riders, rng.int(3, MAX_RIDERS)), RACE_SECONDS);
    gateUs = lastUs + rng.between(50, 70) * 1e6;
  };

  /** A staged rider keeps one chip code for the whole session, as a real chip does. */
  const rider = (transponder: number): Rider => {
    let code = codes.get(transponder);
    if (code === undefined) codes.set(transponder, (code = chipCode(rng)));
    return { transponder, code };
  };

  return {
    name: 'bmx-motos',
    profile: 'prochip',
    paced: true,
    carriesStatus: false,
    next() {
      if (queue.length === 0) {
        // The box runs the session once it stages a field: no random moto between its motos.
        if (staged) return 'idle';
        moto();
      }
      return queue.shift();
    },
    stage(transponders, nowUs, options) {
      const field = checkField(transponders, MAX_RIDERS, 'riders');
      if (field.includes(GATE_TRANSPONDER)) throw new RangeError(`transponder ${GATE_TRANSPONDER} is the gate marker, not a rider`);
      const [soonest, latest] = checkRange(options.gateDelaySeconds, GATE_DELAY_SECONDS, 'gateDelaySeconds');
      const raceSeconds = checkRange(options.raceSeconds, RACE_SECONDS, 'raceSeconds', true);
      queue.length = 0;
      staged = true;
      race(nowUs + rng.between(soonest, latest) * 1e6, field.map(rider), raceSeconds);
    },
  };
}
