/** @module A box with two decoders (gate on the hill decoder, finish on another), each clock off the box's: both linked, and the moto timed across them. */
import { afterEach, expect, it } from 'vitest';
import type { PassingRecord } from '../../../shared/p3/index.ts';
import type { BmxRaceView } from '../../../shared/race/index.ts';
import { startSimulator, type Simulator } from '../../../appliance/simulator/index.ts';
import { readLogDir, waitFor } from '../service/support.ts';
import { bootRaceBox, DEMO_EVENT } from './support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const HILL = { id: 101, offsetUs: 5_000_000 };
const FINISH = { id: 202, offsetUs: -3_000_000 };

async function decoder(id: number, clockOffsetUs: number): Promise<Simulator> {
  const sim = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: 'bmx-motos', decoderId: id, clockOffsetUs, seed: id });
  cleanups.push(() => sim.stop());
  return sim;
}

it('two decoders - both links come up and a moto is timed from the hill decoder\'s gate to the finish decoder\'s loop', async () => {
  const hill = await decoder(HILL.id, HILL.offsetUs);
  const finish = await decoder(FINISH.id, FINISH.offsetUs);
  const box = await bootRaceBox(cleanups, { decoder: { source: `tcp://127.0.0.1:${hill.port}, tcp://127.0.0.1:${finish.port}` } });
  await waitFor('both decoders identified and clocks read', () => box.appliance.status().decoders.every((d) => d.state === 'connected' && d.clock_offset_us !== undefined));
  expect(box.appliance.status().decoders.map((d) => d.decoder_id).sort()).toEqual([HILL.id, FINISH.id]);

  await box.post('event.setup', { ...DEMO_EVENT, decoders: [{ decoder_id: HILL.id, role: 'start' }, { decoder_id: FINISH.id, role: 'finish' }] });
  const staged = await box.post('race.stage', { event_id: 'club-night', format: 'bmx', min_time_ms: 0, lineup: [{ rider_id: 'ann', lane: 1 }, { rider_id: 'bo', lane: 2 }] });
  expect(staged.status).toBe(200);
  const riders = [101000001, 101000002];
  // The hill decoder sees the gate drop (and the riders on its loop); the finish loop sees them later.
  hill.stageField(riders, { gateDelaySeconds: [1, 1.5], raceSeconds: [2, 3] });
  finish.stageField(riders, { gateDelaySeconds: [8, 8.5], raceSeconds: [2, 3] });
  await waitFor('moto finished', async () => ((await box.get('/api/races/r1')).body.race as { status: string }).status === 'finished', 30_000);
  const race = (await box.get('/api/races/r1')).body.race as BmxRaceView;
  await box.appliance.stop();

  const passings = (await readLogDir(`${box.dir}/log`)).filter((e) => e.message_type === 'PASSING').map((e) => e.payload.record as PassingRecord);
  const gate = passings.find((p) => p.decoder_id === HILL.id && p.transponder === 9992 && p.rtc_time_us! - HILL.offsetUs > race.staged_at_us)!;
  expect(race.gate).toEqual({ source: 'passing', transponder: 9992, decoder_id: HILL.id });
  for (const row of race.rows) {
    const crossing = passings.find((p) => p.decoder_id === FINISH.id && p.transponder === row.transponder)!;
    // On the box's timeline: each decoder's clock minus its own offset. Without that the times would be 8 s off.
    const expected = (crossing.rtc_time_us! - FINISH.offsetUs - (gate.rtc_time_us! - HILL.offsetUs)) / 1000;
    expect(row.status).toBe('finished');
    expect(Math.abs(row.elapsed_ms! - expected)).toBeLessThan(50);
  }
});
