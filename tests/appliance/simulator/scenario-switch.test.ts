/** @module The built-in simulator is one decoder: switching its scenario and restarting the box, on one data dir, shows no gap and no repeat. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, terminate, useCleanups, waitFor } from '../../harness/index.ts';
import { readLogDir } from '../service/support.ts';
import { startBox } from './processes.ts';

const defer = useCleanups();

interface Status {
  decoder: { decoder_id?: number };
  intake: { passings_this_boot: number; gaps: number; missing_passings: number; duplicates_dropped: number };
}

describe('simulator scenario switch', () => {
  it('simulator - the built-in simulator keeps one decoder id and gap-free passing numbers across restarts and scenario switches', async () => {
    const dir = await makeTempDir('mre-scenario-switch');
    defer(() => removeTempDir(dir));
    const data = join(dir, 'data');
    const ids = new Set<number>();

    for (const [scenario, passings] of [['rc-practice', 6], ['bmx-motos', 4], ['rc-practice', 6]] as const) {
      const box = await startBox({ MRE_DATA_DIR: data, MRE_DECODER_SOURCE: 'simulator', MRE_SIMULATOR_SCENARIO: scenario, MRE_SIMULATOR_SPEED: '40' }, defer);
      const status = await waitFor(`${passings} passings from ${scenario}`, async () => {
        const s = await box.get<Status>('/api/status');
        return s.intake.passings_this_boot >= passings ? s : undefined;
      }, 60_000);
      ids.add(status.decoder.decoder_id!);
      expect(await terminate(box.tracked, 'SIGTERM', 15_000)).toEqual({ code: 0, signal: null });
      // What the box counted up to its stop, read from the log it left.
      const after = await readLogDir(join(data, 'log'));
      const gaps = after.filter((e) => e.message_type === 'GAP');
      expect(gaps.map((e) => e.payload), `${scenario}: GAP records`).toEqual([]);
      expect(status.intake, scenario).toMatchObject({ gaps: 0, missing_passings: 0, duplicates_dropped: 0 });
    }

    expect(ids.size).toBe(1);
    const passings = (await readLogDir(join(data, 'log'))).filter((e) => e.message_type === 'PASSING');
    const records = passings.map((e) => e.payload.record as { passing_number: number; decoder_id: number });
    expect(new Set(records.map((r) => r.decoder_id))).toEqual(ids);
    const numbers = records.map((r) => r.passing_number);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => numbers[0]! + i));
  }, 180_000);

  it('simulator - after kill -9 of a box on the built-in simulator, the restarted box holds every passing number once', async () => {
    const dir = await makeTempDir('mre-builtin-crash');
    defer(() => removeTempDir(dir));
    const data = join(dir, 'data');
    const env = { MRE_DATA_DIR: data, MRE_DECODER_SOURCE: 'simulator', MRE_SIMULATOR_SCENARIO: 'rc-practice', MRE_SIMULATOR_SPEED: '100', MRE_DECODER_RESEND: 'true' };

    const first = await startBox(env, defer);
    await waitFor('passings logged', async () => (await first.get<Status>('/api/status')).intake.passings_this_boot >= 30, 60_000);
    await terminate(first.tracked, 'SIGKILL');

    const second = await startBox(env, defer);
    await waitFor('passings after the restart', async () => (await second.get<Status>('/api/status')).intake.passings_this_boot >= 10, 60_000);
    expect(await terminate(second.tracked, 'SIGTERM', 15_000)).toEqual({ code: 0, signal: null });

    const numbers = (await readLogDir(join(data, 'log')))
      .filter((e) => e.message_type === 'PASSING')
      .map((e) => (e.payload.record as { passing_number: number }).passing_number)
      .sort((a, b) => a - b);
    // Whatever was in flight at the kill came back by RESEND from the simulator's journal; nothing was numbered twice.
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => numbers[0]! + i));
  }, 180_000);
});
