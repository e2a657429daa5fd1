/**
 * @module Read models from the race events of a real club day against a real nats-server: the track's
 * live state, race results and laps, standings and events match what the engine itself shows; a message
 * that breaks the contract is dead-lettered with its reason and the next is applied; a track captured
 * now is listed live and swept to idle; capture → projection lag is measured.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelKeys } from '../../../cloud/projection/keys.ts';
import { MetricsRegistry } from '../../../shared/metrics/index.ts';
import type { EventModel, RaceDetailModel, RaceResults, StandingsModel, TrackLive, TrackSummary } from '../../../cloud/projection/models.ts';
import { STREAMS, subjects } from '../../../shared/contracts/subjects.ts';
import type { RaceView } from '../../../shared/race/index.ts';
import { waitFor } from '../../harness/index.ts';
import { clubDayOn, raceEventHeaders, TrackStream } from '../../support/race-stream.ts';
import { startProjectionStack, type ProjectionStack } from './support.ts';

let stack: ProjectionStack;
beforeEach(async () => {
  stack = await startProjectionStack();
});
afterEach(async () => {
  await stack?.stop();
});

const model = async <T>(key: string): Promise<T | undefined> => (await stack.kv.get(key))?.json<T>() ?? undefined;

describe('projection read models', () => {
  it('projection read models - the live state, results, laps, standings and events of a club day match the engine', async () => {
    const day = new TrackStream(stack.js, 'alpha', clubDayOn('alpha'));
    await day.publishAll(6);
    const role = await stack.startRole();
    await waitFor('every event applied', () => role.projector.stats().applied === day.published.length);
    const { engine, published } = day;
    const lastView = (raceId: string) => published.map((p) => p.event).filter((e) => e.type === 'race.updated' && e.race_id === raceId).at(-1)!.payload as { race: RaceView };

    const live = (await model<TrackLive>(modelKeys.trackLive('alpha')))!;
    expect(live).toMatchObject({ track_id: 'alpha', seq: published.at(-1)!.seq, current_event_id: engine.currentEventId(), last_activity_us: Math.max(...published.map((p) => p.envelope.captured_at_us)) });
    expect(live.current_event_id).toBe('club-day-2');
    expect(live.active_races.map((r) => [r.race_id, r.status])).toEqual(engine.activeRaces().map((r) => [r.race_id, r.status]));
    expect(await model<TrackSummary>(modelKeys.trackSummary('alpha'))).toMatchObject({ track_id: 'alpha', status: 'idle', current_event_id: 'club-day-2' });

    // Races of the archived first day keep their results; the live one matches the engine's view.
    for (const raceId of ['moto-1', 'moto-2', 'heat-1']) expect((await model<RaceResults>(modelKeys.race('alpha', raceId)))!.race).toEqual(lastView(raceId).race);
    expect((await model<RaceResults>(modelKeys.race('alpha', 'moto-3')))!.race).toEqual(engine.races().find((r) => r.race_id === 'moto-3'));

    const heat = (await model<RaceDetailModel>(modelKeys.raceDetail('alpha', 'heat-1')))!;
    const laps = published.flatMap(({ event }) => (event.type === 'race.updated' && event.race_id === 'heat-1' && event.payload.change.kind === 'lap' ? [{ ...event.payload.change, at_us: event.at_us }] : []));
    expect(Object.values(heat.laps).flat().length).toBe(laps.length);
    for (const lap of laps) expect(heat.laps[lap.rider_id!]).toContainEqual({ lap: lap.lap, lap_ms: lap.lap_ms, at_us: lap.at_us });
    expect(heat.rejected).toHaveLength(2);
    expect(heat).toMatchObject({ race_id: 'heat-1', event_id: 'club-day', corrected: true, truncated: false });
    const moto = (await model<RaceDetailModel>(modelKeys.raceDetail('alpha', 'moto-1')))!;
    expect(Object.keys(moto.finishes)).toHaveLength(4);

    const standings = published.map((p) => p.event).filter((e) => e.type === 'standings.updated');
    for (const s of standings) {
      const last = standings.filter((o) => o.payload.standings.class_id === s.payload.standings.class_id).at(-1)!;
      expect((await model<StandingsModel>(modelKeys.standings('alpha', 'club-day', s.payload.standings.class_id)))!.standings).toEqual(last.payload.standings);
    }

    const first = (await model<EventModel>(modelKeys.event('alpha', 'club-day')))!;
    expect(first).toMatchObject({ archived: true, event: { event_id: 'club-day', name: 'Club day club-day' } });
    expect(first.races.map((r) => [r.race_id, r.status])).toEqual([['heat-1', 'finished'], ['moto-2', 'finished'], ['moto-1', 'finished']]);
    const second = (await model<EventModel>(modelKeys.event('alpha', 'club-day-2')))!;
    expect(second).toMatchObject({ archived: false, event: engine.event('club-day-2') });
    expect(second.races.map((r) => r.race_id)).toEqual(['moto-3']);
  });

  it('projection read models - a message that breaks the contract goes to the dead-letter subject with its reason; the next event is applied', async () => {
    const role = await stack.startRole();
    await stack.js.publish(subjects.raceEvents('alpha'), 'not json');
    const day = new TrackStream(stack.js, 'alpha', clubDayOn('alpha'));
    const [good] = await day.publishBatch(3);
    await stack.js.publish(subjects.raceEvents('alpha'), JSON.stringify(good!.event));
    await waitFor('two dead letters', () => role.projector.stats().dead_lettered === 2);
    await waitFor('the good events', () => role.projector.stats().applied === day.published.length);

    const jsm = await jetstreamManager(stack.nc);
    const letters = await Promise.all([1, 2].map(async (seq) => (await jsm.streams.getMessage(STREAMS.dlq, { seq }))!));
    expect(letters.map((m) => [m.subject, m.header.get('Mre-Dlq-Role'), m.header.get('Mre-Dlq-Reason')])).toEqual([
      ['timing.dlq.v1.alpha', 'projection', expect.stringMatching(/^body is not JSON/)],
      ['timing.dlq.v1.alpha', 'projection', 'header Mre-Source is missing'],
    ]);
    expect(letters[0]!.string()).toBe('not json');
    expect((await model<TrackLive>(modelKeys.trackLive('alpha')))!.seq).toBe(day.published.at(-1)!.seq);
  });

  it('projection read models - a track captured now is live, then idle once nothing happens for idle_after_ms; the capture lag is measured', async () => {
    const metrics = new MetricsRegistry({ minRenderIntervalMs: 0 });
    const role = await stack.startRole({ idle_after_ms: 1_000, sweep_ms: 100 }, metrics);
    expect(role.projector.captureToProjectionSeconds()).toBeNull();
    const day = new TrackStream(stack.js, 'alpha', clubDayOn('alpha'));
    const [first] = await day.publishBatch(3, { capturedAtUs: Date.now() * 1000 });
    expect(first).toBeDefined();
    const summary = () => model<TrackSummary>(modelKeys.trackSummary('alpha'));
    await waitFor('the track live', async () => (await summary())?.status === 'live');
    expect(await waitFor('the lag', () => role.projector.captureToProjectionSeconds() ?? false)).toBeGreaterThanOrEqual(0);
    await waitFor('the track idle', async () => (await summary())?.status === 'idle');
    // An old capture time (a spool sent hours later) never makes a track live.
    await stack.js.publish(subjects.raceEvents('beta'), JSON.stringify(first!.event), { headers: raceEventHeaders('beta', first!.event, { ...first!.envelope, track_id: 'beta' }) });
    await waitFor('beta applied', () => role.projector.stats().applied === day.published.length + 1);
    expect(await model<TrackSummary>(modelKeys.trackSummary('beta'))).toMatchObject({ status: 'idle' });
    expect(role.projector.captureToProjectionSeconds()).toBeGreaterThan(3600);
    const text = await metrics.render();
    expect(text).toContain(`mre_capture_to_projection_lag_seconds_count ${day.published.length + 1}`);
    // The old capture lands past the last bucket; the ones captured now within a few seconds.
    expect(text).toMatch(/mre_capture_to_projection_lag_seconds_bucket\{le="\+Inf"\} \d+/);
    expect(text).toContain('mre_consumer_lag_messages{role="projection",track_id="all"} 0');
  });
});
