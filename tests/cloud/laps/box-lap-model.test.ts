/**
 * @module The one lap model from a box-timed RC heat against a real nats-server: the real engine's events
 * for the heat go through the projection, and the race, results and laps read back are the ones worked out
 * by hand; the referee's correction after the finish, and a rescore after a set-up fix, recount them; a replay into an emptied bucket and
 * republished duplicates leave the records as they were; and a LiveRC import read into the model has the
 * very same shape.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelKeys } from '../../../cloud/projection/keys.ts';
import { readBoxLapEvent, readBoxLapRace } from '../../../cloud/projection/lap-model-read.ts';
import { openLiveRcRuntime } from '../../../cloud/service/liverc-runtime.ts';
import { lapModelRaceSchema } from '../../../shared/contracts/lap-model.ts';
import { waitFor } from '../../harness/index.ts';
import { startFakeLiveRc } from '../../support/fake-liverc/index.ts';
import { cloudConfig } from '../../support/liverc-pages/cloud-stack.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK } from '../../support/liverc-pages/site.ts';
import { onTrack, TrackStream } from '../../support/race-stream.ts';
import { HEAT_EVENT, HEAT_RACE, HEAT_START_US, rcHeatLog } from '../../support/rc-heat-log.ts';
import { dropConsumer, emptyBucket, readModels, startProjectionStack, type ProjectionStack } from '../projection/support.ts';

let stack: ProjectionStack;
beforeEach(async () => {
  stack = await startProjectionStack();
});
afterEach(async () => {
  await stack?.stop();
});

const TRACK = 'gamma';
const iso = (secondsAfterStart: number) => new Date(HEAT_START_US / 1000 + secondsAfterStart * 1000).toISOString();
const lap = (n: number, lapMs: number, flags: string[] = []) => ({ lap: n, lap_ms: lapMs, position: null, flags });

async function heatOnTrack(correction?: Parameters<typeof rcHeatLog>[0]): Promise<{ stream: TrackStream; beforeCorrection: number }> {
  const heat = rcHeatLog(correction);
  return { stream: new TrackStream(stack.js, TRACK, onTrack(heat.envelopes, TRACK)), beforeCorrection: heat.beforeCorrection };
}

const lapModelKeys = async () => new Map([...(await readModels(stack.kv))].filter(([key]) => key.startsWith('lapmodel.')));

describe('box lap model', () => {
  it('box lap model - a finished RC heat reads back with the event, race, results and laps worked out by hand; the correction after the finish recounts them', async () => {
    const { stream, beforeCorrection } = await heatOnTrack();
    await stream.publishBatch(beforeCorrection);
    const role = await stack.startRole();
    await waitFor('the heat applied', () => role.projector.stats().applied === stream.published.length);

    const heat = (await readBoxLapRace(stack.kv, TRACK, HEAT_EVENT, HEAT_RACE))!;
    expect(heat.event).toEqual({ source: 'box', track_id: TRACK, event_id: HEAT_EVENT, name: 'Club night', date_start: '2025-11-01', date_end: '2025-11-01' });
    expect(heat.race).toEqual({ source: 'box', event_id: HEAT_EVENT, race_id: HEAT_RACE, class_name: 'Touring', name: 'Heat 1', round: '1', format: 'timed', status: 'finished', started_at: iso(0), completed_at: iso(68), duration_s: 60 });
    // Car A: 20.0 + 19.5 + 21.0 s from its first crossing at 1.0 s; mean 20.1667 → 20167; SD 0.6236 → 96.908 → 96.91.
    expect(heat.results).toEqual([
      { driver_key: 'car-a', driver_name: 'Alice Ace', position: 1, laps: 3, total_time_ms: 60_500, best_lap_ms: 19_500, best_lap_number: 2, avg_lap_ms: 20_167, consistency_pct: 96.91 },
      { driver_key: 'car-b', driver_name: 'Bob Best', position: 2, laps: 3, total_time_ms: 66_000, best_lap_ms: 22_000, best_lap_number: 1, avg_lap_ms: 22_000, consistency_pct: 100 },
    ]);
    expect(heat.laps).toEqual([
      { driver_key: 'car-a', laps: [lap(1, 20_000), lap(2, 19_500), lap(3, 21_000), lap(0, 1_500, ['rejected'])] },
      { driver_key: 'car-b', laps: [lap(1, 22_000), lap(2, 22_000), lap(3, 22_000)] },
    ]);
    expect(await readBoxLapEvent(stack.kv, TRACK, HEAT_EVENT)).toEqual({ event: heat.event, races: [heat] });

    await stream.publishAll();
    await waitFor('the correction applied', () => role.projector.stats().applied === stream.published.length);
    const corrected = (await readBoxLapRace(stack.kv, TRACK, HEAT_EVENT, HEAT_RACE))!;
    // Car A: laps 20.0 and 40.5 s (the merged lap over 1.8 × its best: suspect); mean 30.25 s; 1 − 10.25/30.25 → 66.116 → 66.12.
    expect(corrected.results).toEqual([
      { driver_key: 'car-b', driver_name: 'Bob Best', position: 1, laps: 3, total_time_ms: 66_000, best_lap_ms: 22_000, best_lap_number: 1, avg_lap_ms: 22_000, consistency_pct: 100 },
      { driver_key: 'car-a', driver_name: 'Alice Ace', position: 2, laps: 2, total_time_ms: 60_500, best_lap_ms: 20_000, best_lap_number: 1, avg_lap_ms: 30_250, consistency_pct: 66.12 },
    ]);
    expect(corrected.laps).toEqual([
      { driver_key: 'car-b', laps: [lap(1, 22_000), lap(2, 22_000), lap(3, 22_000)] },
      { driver_key: 'car-a', laps: [lap(1, 20_000), lap(2, 40_500, ['suspect']), lap(0, 1_500, ['rejected'])] },
    ]);
    expect(corrected.race).toEqual(heat.race);
  });

  it('box lap model - a transponder typed wrong, fixed in the set-up after the finish: the rescore gives the car its laps and figures', async () => {
    const { stream, beforeCorrection } = await heatOnTrack('mistyped');
    await stream.publishBatch(beforeCorrection);
    const role = await stack.startRole();
    await waitFor('the heat applied', () => role.projector.stats().applied === stream.published.length);
    const before = (await readBoxLapRace(stack.kv, TRACK, HEAT_EVENT, HEAT_RACE))!;
    // Car B never started as far as the heat knew, so car A's flag at 61.5 s ended it; B's 68.0 s crossing came after.
    expect(before.race).toMatchObject({ status: 'finished', completed_at: iso(61.5) });
    expect(before.results[1]).toMatchObject({ driver_key: 'car-b', laps: 0, total_time_ms: null, best_lap_ms: null });
    expect(before.laps[1]).toEqual({ driver_key: 'car-b', laps: [] });

    await stream.publishAll();
    await waitFor('the rescore applied', () => role.projector.stats().applied === stream.published.length);
    const rescored = (await readBoxLapRace(stack.kv, TRACK, HEAT_EVENT, HEAT_RACE))!;
    // Its crossings at 2.0, 24.0 and 46.0 s, kept on the race while it ran: two laps of 22.0 s.
    expect(rescored.results).toEqual([
      before.results[0],
      { driver_key: 'car-b', driver_name: 'Bob Best', position: 2, laps: 2, total_time_ms: 44_000, best_lap_ms: 22_000, best_lap_number: 1, avg_lap_ms: 22_000, consistency_pct: 100 },
    ]);
    expect(rescored.laps).toEqual([before.laps[0], { driver_key: 'car-b', laps: [lap(1, 22_000), lap(2, 22_000)] }]);
  });

  it('box lap model - republished duplicates and a replay into an emptied bucket leave the records exactly as they were', async () => {
    const { stream } = await heatOnTrack();
    await stream.publishAll(4);
    let role = await stack.startRole();
    const total = stream.published.length;
    await waitFor('the heat applied', () => role.projector.stats().applied === total);
    const original = await lapModelKeys();
    expect([...original.keys()]).toEqual([modelKeys.lapEvent(TRACK, HEAT_EVENT), modelKeys.lapRace(TRACK, HEAT_EVENT, HEAT_RACE)]);

    await stream.republish();
    await waitFor('the duplicates seen', () => role.projector.stats().duplicates === total);
    expect(await lapModelKeys()).toEqual(original);

    await role.close();
    await dropConsumer(stack.nc);
    await emptyBucket(stack.nc);
    role = await stack.startRole();
    await waitFor('the stream replayed', () => role.projector.stats().applied + role.projector.stats().duplicates === 2 * total);
    expect(await lapModelKeys()).toEqual(original);
  });

  it('box lap model - a LiveRC import and a box-timed heat read into the model have the same shape', async () => {
    const { stream } = await heatOnTrack();
    await stream.publishAll();
    const role = await stack.startRole();
    await waitFor('the heat applied', () => role.projector.stats().applied === stream.published.length);
    const box = (await readBoxLapRace(stack.kv, TRACK, HEAT_EVENT, HEAT_RACE))!;

    const fake = await startFakeLiveRc();
    const runtime = await openLiveRcRuntime(cloudConfig(stack.nats, fake));
    try {
      serveTrackList(fake);
      serveTestTrack(fake);
      await runtime.ingestion.syncTracks();
      await runtime.ingestion.refreshEvents(TEST_TRACK.slug);
      const [event] = runtime.ingestion.eventsBetween(TEST_TRACK.slug, '0000-01-01', '9999-12-31');
      await runtime.ingestion.importEvent(event!.source_event_id);
      const detail = (await runtime.ingestion.eventDetail(event!.source_event_id))!;
      const imported = detail.races.find((r) => r.results.length > 1)!;
      const liverc = (await runtime.ingestion.raceLapModel(imported.source_race_id))!;

      expect(liverc.event).toMatchObject({ source: 'liverc', track_id: TEST_TRACK.slug, event_id: event!.source_event_id });
      expect(liverc.race).toMatchObject({ source: 'liverc', race_id: imported.source_race_id, class_name: imported.class_name, status: 'finished' });
      // Figures as the importer stored them, in whole ms; laps with LiveRC's running positions.
      const first = imported.results[0]!;
      expect(liverc.results[0]).toMatchObject({ driver_key: first.driver_key, driver_name: first.driver_name, position: first.position, laps: first.laps, best_lap_number: first.fast_lap_number });
      expect(liverc.results[0]!.avg_lap_ms).toBe(first.avg_lap_seconds === null ? null : Math.round(first.avg_lap_seconds * 1000));
      expect(liverc.laps[0]!.driver_key).toBe(first.driver_key);
      expect(liverc.laps[0]!.laps.every((l) => l.position !== null && l.flags.length === 0)).toBe(true);

      for (const race of [box, liverc]) expect(lapModelRaceSchema.parse(race)).toEqual(race);
      expect(shapeOf(liverc)).toEqual(shapeOf(box));
    } finally {
      await runtime.close();
      await fake.stop();
    }
  }, 120_000);
});

/** Field names at every level, a list of records by its first record: what a reader of either source relies on (values, nulls included, may differ). */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return typeof value[0] === 'object' && value[0] !== null ? [shapeOf(value[0])] : 'list';
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shapeOf((value as Record<string, unknown>)[k])]));
  return 'value';
}
