/** @module Demo and test mode: when staff stage a race, the built-in simulator races exactly the staged transponders. */
import { createLogger } from '../../shared/log/index.ts';
import type { RaceHost } from '../race/race-host.ts';
import type { Simulator, StageOptions } from '../simulator/index.ts';

const log = createLogger('appliance:simulator');

type Ranges = Partial<Record<'raceSeconds' | 'lapSeconds' | 'firstCrossingSeconds', [number, number] | undefined>>;

export function followStagedRaces(host: RaceHost, simulator: Simulator, ranges: Ranges): void {
  const options: StageOptions = Object.fromEntries(Object.entries(ranges).filter(([, range]) => range !== undefined));
  host.onDerived((events) => {
    for (const event of events) {
      if (event.type !== 'race.updated' || event.payload.change.kind !== 'staged') continue;
      const transponders = event.payload.race.rows.map((r) => r.transponder).filter((t): t is number => t !== null && t > 0);
      if (transponders.length === 0) continue;
      try {
        simulator.stageField(transponders, options);
        log.info('simulator races the staged field', { race_id: event.race_id, transponders: transponders.length });
      } catch (error) {
        log.warn('simulator cannot race the staged field', { race_id: event.race_id, err: error as Error });
      }
    }
  });
}
