/** @module Race control over HTTP on a running appliance: the operator token, field errors, state refusals, and intents logged as CONTROL envelopes. */
import { afterEach, describe, expect, it } from 'vitest';
import { readLogDir, waitFor } from '../service/support.ts';
import { bootRaceBox, DEMO_EVENT, DEMO_MOTO, TOKEN } from './support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

describe('race control API', () => {
  it('race control API - without the operator token, or with a wrong one, nothing is logged (401)', async () => {
    const box = await bootRaceBox(cleanups);
    for (const token of [null, 'wrong-pin', '']) {
      const answer = await box.post('event.setup', DEMO_EVENT, token);
      expect(answer).toEqual({ status: 401, body: { error: 'missing or wrong operator token: send Authorization: Bearer <token>' } });
    }
    expect((await box.get('/api/events')).body).toEqual({ events: [], archived: [], current_event_id: null });
  });

  it('race control API - GET /api/control checks a PIN as it is typed: 200 for the right one, 401 for a wrong one, 429 once the device is locked', async () => {
    const box = await bootRaceBox(cleanups);
    const check = async (token: string) => {
      const response = await fetch(`${box.appliance.url}/api/control`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown>, retryAfter: response.headers.get('retry-after') };
    };
    expect(await check(TOKEN)).toEqual({ status: 200, body: { ok: true }, retryAfter: null });
    for (let i = 0; i < 3; i++) expect((await check('wrong-pin')).status).toBe(401);
    // The fourth wrong PIN is checked, and makes the device wait before its next try, whatever PIN that is.
    expect((await check('wrong-pin')).status).toBe(401);
    const locked = await check(TOKEN);
    expect(locked).toMatchObject({ status: 429, body: { locked: 'address', retry_after_s: expect.any(Number) } });
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
  });

  it('race control API - the events list names the event in progress: the one set up last before its first race, not the event of the newest race', async () => {
    const box = await bootRaceBox(cleanups);
    expect((await box.post('event.setup', DEMO_EVENT)).status).toBe(200);
    expect((await box.post('race.stage', DEMO_MOTO)).status).toBe(200);
    expect((await box.get('/api/events')).body.current_event_id).toBe(DEMO_EVENT.event_id);
    expect((await box.post('race.reset', { race_id: 'r1' })).status).toBe(200);
    expect((await box.post('event.setup', { event_id: 'rc-night', name: 'RC night' })).status).toBe(200);
    expect((await box.get('/api/events')).body.current_event_id).toBe('rc-night');
  });

  it('race control API - bad arguments are refused with every bad field named (400), malformed JSON too', async () => {
    const box = await bootRaceBox(cleanups);
    const answer = await box.post('race.stage', { event_id: 'Club Night', format: 'bmx', lineup: [{ rider_id: 'ann', lane: 9 }] });
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([
      { path: 'event_id', message: 'event_id "Club Night" must be 1-64 lowercase letters, digits, "_" or "-", starting with a letter or digit' },
      { path: 'lineup.0.lane', message: 'lane must be 1-8' },
    ]);
    expect(await box.post('event.setup', '{"event_id": "x",')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^request body is not valid JSON/) } });
    expect(await box.post('race.explode', {})).toEqual({ status: 404, body: { error: 'unknown intent "race.explode"' } });
  });

  it('race control API - an intent the race state does not allow is refused (409) and never logged', async () => {
    const box = await bootRaceBox(cleanups);
    expect((await box.post('event.setup', DEMO_EVENT)).status).toBe(200);
    const before = box.appliance.status().log.last_seq;
    expect(await box.post('race.start', { race_id: 'r9' })).toEqual({ status: 409, body: { error: 'race r9 does not exist' } });
    expect(await box.post('race.stage', { ...DEMO_MOTO, event_id: 'no-such-event' })).toEqual({ status: 409, body: { error: 'event no-such-event is not set up: send event.setup first' } });
    expect(box.appliance.status().log.last_seq).toBe(before);
  });

  it('race control API - an accepted intent is a durable CONTROL envelope with who sent it, and the answer carries what the engine derived', async () => {
    const box = await bootRaceBox(cleanups);
    await box.post('event.setup', DEMO_EVENT);
    const staged = await box.post('race.stage', { ...DEMO_MOTO, by: 'Maria (start hill)' });
    expect(staged.status).toBe(200);
    expect(staged.body).toMatchObject({ race_id: 'r1', events: [{ type: 'race.updated', race_id: 'r1', payload: { change: { kind: 'staged' } } }] });
    // The simulator follows the staged field: gate, then three finishes, and the moto closes itself.
    await waitFor('moto finished', async () => ((await box.get('/api/races/r1')).body.race as { status: string }).status === 'finished', 30_000);
    const detail = (await box.get('/api/races/r1')).body as { race: { rows: { place: number | null; status: string }[]; gate: unknown } };
    expect(detail.race.rows.map((r) => r.status)).toEqual(['finished', 'finished', 'finished']);
    expect(detail.race.rows.map((r) => r.place).sort()).toEqual([1, 2, 3]);
    const standings = (await box.get('/api/standings?event_id=club-night')).body.standings as { rows: unknown[] }[];
    expect(standings[0]!.rows).toHaveLength(3);

    await box.appliance.stop();
    const control = (await readLogDir(`${box.dir}/log`)).filter((e) => e.message_type === 'CONTROL');
    expect(control.map((e) => [e.payload.intent, e.payload.by])).toEqual([['event.setup', 'operator'], ['race.stage', 'Maria (start hill)']]);
    expect((control[1]!.payload.args as { min_time_ms: number; max_time_ms: number }).max_time_ms).toBe(180_000);
  });
});
