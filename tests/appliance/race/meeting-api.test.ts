/** @module A race meeting over HTTP on a running appliance: meeting intents through POST /api/control, 400 with every bad field, 409 when the state does not allow them, GET /api/events/:id/meeting, motos staged from the sheet and timed by the simulator, and the same meeting after a restart. */
import { afterEach, describe, expect, it } from 'vitest';
import { readLogDir, waitFor } from '../service/support.ts';
import { bootRaceBox, DEMO_EVENT } from './support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const EVENT = { ...DEMO_EVENT, auto_practice: { enabled: false } };
/** Three riders: total points over three motos; the simulator's riders finish a few seconds after the gate. */
const MEETING = { event_id: 'club-night', bmx: { classes: [{ class_id: 'open' }], min_time_ms: 1000 } };

interface Meeting {
  order: { race_id: string; name: string; status: string; run_race_id: string | null; lineup: { lane: number; rider_id: string }[] }[];
  now_next: { running: string[]; at_gate: string | null; staging: string[]; at_gate_number: number | null; total: number };
  groups: { group_id: string; format_text: string; results: { position: number; rider_id: string }[] | null }[];
}

describe('meeting API', () => {
  it('meeting API - bad meeting arguments are refused with every bad field named (400); intents the state does not allow get 409 and are not logged', async () => {
    const box = await bootRaceBox(cleanups);
    const bad = await box.post('meeting.setup', { event_id: 'club-night', bmx: { classes: [{ class_id: 'open', format: 'sprint' }], rounds: 0 } });
    expect(bad).toEqual({
      status: 400,
      body: {
        error: expect.stringMatching(/^invalid meeting\.setup intent: /),
        issues: [{ path: 'bmx.rounds', message: 'rounds must be at least 1' }, { path: 'bmx.classes.0.format', message: 'format must be transfer, total_points or olympic' }],
      },
    });
    expect(await box.get('/api/events/club-night/meeting')).toEqual({ status: 404, body: { error: 'no event club-night' } });
    expect((await box.post('event.setup', EVENT)).status).toBe(200);
    const before = box.appliance.status().log.last_seq;
    expect(await box.post('meeting.draw_motos', { event_id: 'club-night' })).toEqual({ status: 409, body: { error: 'event club-night has no meeting: send meeting.setup first' } });
    expect(await box.post('meeting.setup', { event_id: 'club-night', rc: { classes: [{ class_id: 'trucks' }] } })).toEqual({ status: 409, body: { error: 'class trucks is not in event club-night' } });
    expect(await box.get('/api/events/club-night/meeting')).toEqual({ status: 404, body: { error: 'event club-night has no meeting: send meeting.setup first' } });
    expect(box.appliance.status().log.last_seq).toBe(before);
  });

  it('meeting API - a BMX meeting run by intents: the sheet drawn, each moto staged with one intent and timed, now and next, the results; the same meeting after a restart', async () => {
    const box = await bootRaceBox(cleanups);
    await box.post('event.setup', EVENT);
    expect((await box.post('meeting.setup', { ...MEETING, by: 'Clerk' })).status).toBe(200);
    const drawn = await box.post('meeting.draw_motos', { event_id: 'club-night' });
    expect(drawn.body.events).toEqual([expect.objectContaining({ type: 'meeting.updated', event_id: 'club-night' })]);
    const meeting = async () => (await box.get('/api/events/club-night/meeting')).body.meeting as Meeting;
    const sheet = await meeting();
    expect(sheet.order.map((r) => r.name)).toEqual(['Moto 1', 'Moto 2', 'Moto 3']);
    expect(sheet.now_next).toEqual({ running: [], at_gate: 'club-night-moto-1', staging: ['club-night-moto-2', 'club-night-moto-3'], at_gate_number: 1, total: 3 });

    for (const [i, moto] of sheet.order.entries()) {
      const staged = await box.post('meeting.stage_next', { event_id: 'club-night' });
      expect(staged.body).toMatchObject({ race_id: moto.race_id });
      const race = (await box.get(`/api/races/${moto.race_id}`)).body.race as { name: string; round: number; rows: { lane: number; rider_id: string }[] };
      expect([race.name, race.round, race.rows.map((r) => [r.lane, r.rider_id])]).toEqual([moto.name, i + 1, moto.lineup.map((s) => [s.lane, s.rider_id])]);
      // One moto at the gate at a time: staff cannot stage the next one over it.
      const over = i + 1 < sheet.order.length ? `race ${moto.race_id} is staged and not started: start it or reset it first` : 'every race of the running order has been staged: propose and confirm the next mains';
      expect(await box.post('meeting.stage_next', { event_id: 'club-night' })).toEqual({ status: 409, body: { error: over } });
      // The simulator follows the staged field: gate, then the finishes, and the moto closes itself.
      await waitFor(`${moto.name} finished`, async () => (await meeting()).order[i]!.status === 'finished', 30_000);
    }
    const done = await meeting();
    expect(done.now_next).toEqual({ running: [], at_gate: null, staging: [], at_gate_number: null, total: 3 });
    expect(done.groups[0]!.format_text).toBe('total points');
    expect(done.groups[0]!.results!.map((r) => r.position)).toEqual([1, 2, 3]);
    expect(await box.post('meeting.propose_mains', { event_id: 'club-night', group_id: 'open' })).toEqual({ status: 409, body: { error: "open rides total points (total points): its result is the motos' total, with no main" } });

    await box.appliance.stop();
    const control = (await readLogDir(`${box.dir}/log`)).filter((e) => e.message_type === 'CONTROL').map((e) => [e.payload.intent, e.payload.by]);
    expect(control).toEqual([['event.setup', 'operator'], ['meeting.setup', 'Clerk'], ['meeting.draw_motos', 'operator'], ...done.order.map(() => ['meeting.stage_next', 'operator'])]);
    const again = await bootRaceBox(cleanups, {}, box.dir);
    expect((await again.get('/api/events/club-night/meeting')).body.meeting).toEqual(done);
  });
});
