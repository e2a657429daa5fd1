/** @module Decoder counter resets on the real appliance: a new counting epoch keeps every new passing, a true repeat stays refused, across restarts. */
import type net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAppliance, type RunningAppliance } from '../../../appliance/service/appliance.ts';
import { configSchema } from '../../../appliance/service/config.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { encodeRecord, TOR } from '../../../shared/p3/index.ts';
import { startDecoderServer, writeApart, type DecoderServer } from '../decoder/helpers.ts';
import { tempLevelDir } from '../../harness/index.ts';
import { readLogDir, waitFor } from './support.ts';

const DECODER = 0x41813;
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

/** A passing as a decoder sends it; `session` stands for one run of its counter (its RTC times and riders differ). */
const passing = (n: number, session: number) =>
  encodeRecord({
    type: 'PASSING', tor: TOR.PASSING, version: 2, passing_number: n, transponder: 3_000_000 + session * 1000 + (n % 7),
    rtc_time_us: 1_795_000_000_000_000 + session * 3_600_000_000 + n * 1_000_000, strength: 120, hits: 30, flags: 0, decoder_id: DECODER,
  });

async function send(socket: net.Socket, frames: Uint8Array[]): Promise<void> {
  for (const frame of frames) await writeApart(socket, frame);
}

/** The RESEND requests the box sent on one connection, as [from, until]. */
const resends = (server: DecoderServer, index: number) =>
  server.requests(index).filter((r) => r.record.type === 'RESEND').map((r) => [(r.record as { from?: number }).from, (r.record as { until?: number }).until]);

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('decoder counter epochs', () => {
  it('appliance counter epochs - a counter that restarts keeps every new passing, refuses true repeats of either epoch, and asks for exactly the missing numbers, across a restart', async () => {
    const lines: string[] = [];
    const restore = configureLogging({ write: (line) => lines.push(line) });
    cleanups.push(() => void configureLogging(restore));
    const dir = await tempLevelDir('mre-epochs-');
    cleanups.push(dir.cleanup);
    const sockets: net.Socket[] = [];
    const server: DecoderServer = await startDecoderServer((socket) => sockets.push(socket));
    cleanups.push(() => server.close());
    const config = configSchema.parse({
      data_dir: dir.path, decoder: { source: `tcp://127.0.0.1:${server.port}`, resend: true }, http: { host: '127.0.0.1', port: 0 }, log: { min_free_bytes: 0 },
    });
    const boot = async (): Promise<RunningAppliance> => {
      const appliance = await startAppliance(config);
      cleanups.push(() => appliance.stop());
      return appliance;
    };
    const connection = async (count: number) => waitFor(`connection ${count}`, () => sockets.length === count && sockets[count - 1]);

    // Session 1 counts 1..10.
    let appliance = await boot();
    let socket = await connection(1);
    await send(socket, range(1, 10).map((n) => passing(n, 1)));
    await waitFor('session 1 logged', () => appliance.status().intake.passings_this_boot === 10);

    // The decoder is cleared (or a spare with the same id goes in): it counts from 1 again. The
    // first link also replays three passings of session 1, as a reconnecting decoder does.
    await send(socket, [...range(8, 10).map((n) => passing(n, 1)), ...range(1, 10).map((n) => passing(n, 2)), passing(12, 2)]);
    await waitFor('session 2 logged', () => appliance.status().intake.passings_this_boot === 21);
    expect(appliance.status().intake).toMatchObject({ duplicates_dropped: 3, counter_resets: 1, gaps: 1, missing_passings: 1 });
    await waitFor('resend of 11 asked', () => resends(server, 0).length > 0);
    expect(resends(server, 0)).toEqual([[11, 11]]);
    const resets = lines.filter((l) => l.startsWith('<4>appliance:intake: decoder passing counter went back'));
    expect(resets).toHaveLength(1);
    expect(resets[0]).toContain(`decoder_id=${DECODER} previous=10 now=1 epoch=2`);
    await appliance.stop();

    // After a restart: replays of both sessions are refused; session 2 goes on from 12, and a
    // gap is asked for by its own numbers.
    appliance = await boot();
    socket = await connection(2);
    await send(socket, [passing(5, 1), passing(7, 2), passing(12, 2), passing(13, 2), passing(16, 2)]);
    await waitFor('after restart', () => appliance.status().intake.passings_this_boot === 2 && appliance.status().intake.duplicates_dropped === 3);
    expect(appliance.status().intake).toMatchObject({ counter_resets: 0, gaps: 1, missing_passings: 2 });
    // 11 was asked for before the restart and never came: it is asked for again first.
    await waitFor('resend of 14..15 asked', () => resends(server, 1).length > 1);
    expect(resends(server, 1)).toEqual([[11, 11], [14, 15]]);
    // The decoder answers: both numbers fill the gap.
    await send(socket, [passing(14, 2), passing(15, 2)]);
    await waitFor('resent passings logged', () => appliance.status().intake.late_passings === 2);
    await appliance.stop();

    const envelopes = await readLogDir(join(dir.path, 'log'));
    const passings = envelopes.filter((e) => e.message_type === 'PASSING').map((e) => e.payload.record as { passing_number: number; rtc_time_us: number });
    expect(passings.map((p) => p.passing_number)).toEqual([...range(1, 10), ...range(1, 10), 12, 13, 16, 14, 15]);
    expect(new Set(passings.map((p) => `${p.passing_number}/${p.rtc_time_us}`)).size).toBe(passings.length);
    expect(envelopes.filter((e) => e.message_type === 'GAP').map((e) => e.payload)).toEqual([
      { decoder_id: DECODER, from: 11, to: 11, missing: 1, epoch: 2, reason: 'not_received' },
      { decoder_id: DECODER, from: 14, to: 15, missing: 2, epoch: 2, reason: 'not_received' },
    ]);
  });
});
