/** @module Decoder passings on the live feed of a real appliance: a client scoped to an event sees riders of that event only, an unscoped one the current event's, in events and in the snapshot alike. */
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { encodeRecord, TOR } from '../../../shared/p3/index.ts';
import { useCleanups } from '../../harness/index.ts';
import { DECODER_ID, startDecoderServer } from '../decoder/helpers.ts';
import { bootRaceBox } from '../race/support.ts';
import { LiveTestClient, waitFor } from './support.ts';

const defer = useCleanups();

const ANN = 5_001_001;
const ZED = 5_002_002;
const event = (event_id: string, rider_id: string, name: string, transponder: number) => ({ event_id, name: event_id, riders: [{ rider_id, name, transponders: [transponder] }] });

function passing(n: number, transponder: number): Uint8Array {
  return encodeRecord({ type: 'PASSING', tor: TOR.PASSING, version: 2, passing_number: n, transponder, rtc_time_us: 1_700_000_000_000_000 + n * 1000, strength: 120, hits: 30, flags: 0, decoder_id: DECODER_ID });
}

type Labelled = { transponder: number; rider_id: string | null; name: string | null };
const labels = (passings: Labelled[]) => Object.fromEntries(passings.map((p) => [p.transponder, p.rider_id]));
const passingsOf = (client: LiveTestClient) => client.events().map((m) => (m.payload as { passing: Labelled }).passing).filter(Boolean);

describe('live passing scope', () => {
  it('live passing scope - passings are labelled with the riders of the client\'s own event only, in events and in the snapshot', async () => {
    let decoder: net.Socket | undefined;
    const server = await startDecoderServer((socket) => (decoder = socket));
    defer(() => server.close());
    const cleanups: (() => Promise<unknown>)[] = [];
    defer(async () => {
      while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
    });
    const box = await bootRaceBox(cleanups, { decoder: { source: `tcp://127.0.0.1:${server.port}` } });
    expect((await box.post('event.setup', event('east', 'ann', 'Ann Berg', ANN))).status).toBe(200);
    // Set up last, so west is the current event.
    expect((await box.post('event.setup', event('west', 'zed', 'Zed Holm', ZED))).status).toBe(200);
    await waitFor('decoder connected', () => decoder !== undefined);

    const url = (scope: string) => `${box.appliance.url.replace('http', 'ws')}/ws/v1/live?track_id=local-track&channels=decoder${scope}`;
    const east = await LiveTestClient.connect(url('&event_id=east'));
    const west = await LiveTestClient.connect(url('&event_id=west'));
    const unscoped = await LiveTestClient.connect(url(''));
    for (const c of [east, west, unscoped]) defer(() => c.close());
    decoder!.write(passing(1, ANN));
    decoder!.write(passing(2, ZED));
    await waitFor('both passings at every client', () => [east, west, unscoped].every((c) => passingsOf(c).length === 2));

    expect(labels(passingsOf(east))).toEqual({ [ANN]: 'ann', [ZED]: null });
    expect(labels(passingsOf(west))).toEqual({ [ANN]: null, [ZED]: 'zed' });
    expect(labels(passingsOf(unscoped))).toEqual({ [ANN]: null, [ZED]: 'zed' });
    expect(passingsOf(east).find((p) => p.transponder === ANN)?.name).toBe('Ann Berg');
    for (const c of [east, west, unscoped]) expect(c.problems).toEqual([]);

    const late = await LiveTestClient.connect(url('&event_id=east'));
    defer(() => late.close());
    await waitFor('snapshot', () => late.messages.length >= 1);
    const snapshot = late.messages[0]!.payload as { passings: Labelled[] };
    expect(labels(snapshot.passings)).toEqual({ [ANN]: 'ann', [ZED]: null });
  });
});
