/** @module A saved LiveRC race page replayed through a real `mre appliance start`: a decoder on loopback TCP sends every lap as a P3 passing, and `/api/races/:id` prints the page's figures; a lap.confirm that fits no suspect lap is answered 409. */
import type net from 'node:net';
import { expect, it } from 'vitest';
import { encodeRecord, TOR } from '../../../shared/p3/index.ts';
import type { RaceDetail, TimedRaceView } from '../../../shared/race/index.ts';
import { makeTempDir, removeTempDir, useCleanups, waitFor } from '../../harness/index.ts';
import { engineFigures, PAGE_RACE, pageEventSetup, pageFigures, pageRace, pageStage } from '../../support/liverc-race.ts';
import { describeWithShared } from '../../support/shared-fixtures.ts';
import { startDecoderServer } from '../decoder/helpers.ts';
import { spawnAppliance } from '../service/appliance-process.ts';

const defer = useCleanups();
const PAGE = 'fixtures/liverc/race-result-6304830.html';
const DECODER = 0x51234;
/** The decoder's clock runs this far ahead of the box's; the event setup says so, so passings land exactly where the page puts them. */
const OFFSET_US = 3_600_000_000;
const PIN = '581321';

describeWithShared('LiveRC figures through the appliance process', [PAGE], () => {
  it('liverc figures - the B-main replayed as P3 passings into mre appliance start: /api/races/:id gives every figure of every row of the page', async () => {
    const race = pageRace(PAGE);
    const sockets: net.Socket[] = [];
    const decoder = await startDecoderServer((socket) => sockets.push(socket));
    defer(() => decoder.close());
    const dataDir = await makeTempDir('mre-liverc-figures');
    defer(() => removeTempDir(dataDir));
    const box = await spawnAppliance({ MRE_DATA_DIR: dataDir, MRE_CONTROL_TOKEN: PIN, MRE_DECODER_SOURCE: `tcp://127.0.0.1:${decoder.port}` }, (kill) => defer(kill));
    const post = async (intent: string, args: unknown) => {
      const response = await fetch(`${box.url}/api/control/${intent}`, { method: 'POST', headers: { authorization: `Bearer ${PIN}`, 'content-type': 'application/json' }, body: JSON.stringify(args) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const detail = async () => (await (await fetch(`${box.url}/api/races/${PAGE_RACE}`)).json()) as RaceDetail;

    expect((await post('event.setup', pageEventSetup(race, [{ decoder_id: DECODER, role: 'lap', clock_offset_us: OFFSET_US }]))).status).toBe(200);
    expect((await post('race.stage', pageStage(race))).status).toBe(200);
    expect((await post('race.start', { race_id: PAGE_RACE })).status).toBe(200);
    const startedUs = (await detail()).race.started_at_us!;
    await waitFor('decoder connected', () => sockets.length > 0, 30_000);

    const frames = race.crossings.map((c, i) =>
      encodeRecord({ type: 'PASSING', tor: TOR.PASSING, version: 2, passing_number: i + 1, transponder: c.transponder, rtc_time_us: startedUs + OFFSET_US + c.after_start_us, strength: 120, hits: 30, flags: 0, decoder_id: DECODER }),
    );
    sockets.at(-1)!.write(Buffer.concat(frames));
    const laps = race.page.results.reduce((n, r) => n + r.laps, 0);
    await waitFor('every lap counted', async () => (await detail()).race.rows.reduce((n, r) => n + (r as { laps: number }).laps, 0) === laps, 60_000);
    expect((await post('race.force_finish', { race_id: PAGE_RACE })).status).toBe(200);

    const view = (await detail()).race as TimedRaceView;
    expect(view.status).toBe('finished');
    expect(engineFigures(view.rows)).toEqual(pageFigures(race));

    // The winner's laps are all plausible: confirming one as a stray read is refused, and nothing is logged.
    const winner = (await detail()).laps[view.rows[0]!.rider_id]!.find((l) => l.lap === 5)!;
    const refused = await post('lap.confirm', { race_id: PAGE_RACE, ref: winner.ref, reason: 'looks short' });
    expect(refused).toEqual({ status: 409, body: { error: `crossing ${winner.ref} is not a lap set aside as suspect_short` } });
  }, 120_000);
});
