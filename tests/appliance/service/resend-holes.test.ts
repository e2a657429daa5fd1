/** @module RESEND after a crash or a dropped link: what the decoder has not yet sent back is asked for again on every new connection, nothing once it is all in, and what came after the last logged passing when a connection opens with no passing. */
import type net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAppliance, type RunningAppliance } from '../../../appliance/service/appliance.ts';
import { configSchema } from '../../../appliance/service/config.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { encodeRecord, TOR } from '../../../shared/p3/index.ts';
import { startDecoderServer, statusRecord, writeApart, type DecoderServer } from '../decoder/helpers.ts';
import { tempLevelDir } from '../../harness/index.ts';
import { readLogDir, waitFor } from './support.ts';

const DECODER = 0x41813;
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

const passing = (n: number) =>
  encodeRecord({ type: 'PASSING', tor: TOR.PASSING, version: 2, passing_number: n, transponder: 3_000_000 + (n % 5), rtc_time_us: 1_795_000_000_000_000 + n * 1_000_000, strength: 120, hits: 30, flags: 0, decoder_id: DECODER });

async function send(socket: net.Socket, numbers: number[]): Promise<void> {
  for (const n of numbers) await writeApart(socket, passing(n));
}

const resends = (server: DecoderServer, index: number) =>
  server.requests(index).filter((r) => r.record.type === 'RESEND').map((r) => [(r.record as { from?: number }).from, (r.record as { until?: number }).until]);

describe('resend of open holes', () => {
  it('appliance resend holes - passings still missing are asked for again after a restart and after a reconnect, until every one is in; then never again', async () => {
    const lines: string[] = [];
    const restore = configureLogging({ write: (line) => lines.push(line) });
    cleanups.push(() => void configureLogging(restore));
    const dir = await tempLevelDir('mre-holes-');
    cleanups.push(dir.cleanup);
    const sockets: net.Socket[] = [];
    const server = await startDecoderServer((socket) => sockets.push(socket));
    cleanups.push(() => server.close());
    const config = configSchema.parse({ data_dir: dir.path, decoder: { source: `tcp://127.0.0.1:${server.port}`, resend: true }, http: { host: '127.0.0.1', port: 0 }, log: { min_free_bytes: 0 } });
    const boot = async (): Promise<RunningAppliance> => {
      const appliance = await startAppliance(config);
      cleanups.push(() => appliance.stop());
      return appliance;
    };
    const connection = (count: number) => waitFor(`connection ${count}`, () => sockets.length === count && sockets[count - 1]);

    // 6..9 go missing; the decoder answers with 6 only before the box goes down.
    let appliance = await boot();
    let socket = await connection(1);
    await send(socket, [1, 2, 3, 4, 5, 10]);
    await waitFor('the gap asked for', () => resends(server, 0).length === 1);
    expect(resends(server, 0)).toEqual([[6, 9]]);
    await send(socket, [6]);
    await waitFor('6 logged', () => appliance.status().intake.late_passings === 1);
    await appliance.stop();

    // After the restart the box asks for what is still missing as soon as the decoder names itself.
    appliance = await boot();
    socket = await connection(2);
    await send(socket, [11]);
    await waitFor('7..9 asked for again', () => resends(server, 1).length === 1);
    expect(resends(server, 1)).toEqual([[7, 9]]);
    expect(lines.some((l) => l.includes('asking the decoder again for passings still missing') && l.includes('ranges=1 missing=3'))).toBe(true);
    await send(socket, [7]);
    await waitFor('7 logged', () => appliance.status().intake.late_passings === 1);

    // The link drops and comes back: what is still open is asked for on the new connection.
    socket.destroy();
    socket = await connection(3);
    await send(socket, [12]);
    await waitFor('8..9 asked for again', () => resends(server, 2).length === 1);
    expect(resends(server, 2)).toEqual([[8, 9]]);
    await send(socket, [8, 9]);
    await waitFor('8 and 9 logged', () => appliance.status().intake.late_passings === 3);
    await appliance.stop();

    // Everything is in: the next boot asks for nothing.
    appliance = await boot();
    socket = await connection(4);
    await send(socket, [13]);
    await waitFor('13 logged', () => appliance.status().intake.passings_this_boot === 1);
    await appliance.stop();
    expect(resends(server, 3)).toEqual([]);

    // A connection that opens with a STATUS has no passing to show a gap: the box asks for what came after its last.
    appliance = await boot();
    socket = await connection(5);
    await writeApart(socket, statusRecord(DECODER));
    await waitFor('the tail asked for', () => resends(server, 4).length === 1);
    expect(resends(server, 4)).toEqual([[14, 1_000_013]]);
    await send(socket, [14]);
    await waitFor('14 logged', () => appliance.status().intake.passings_this_boot === 1);
    await appliance.stop();

    const numbers = (await readLogDir(join(dir.path, 'log'))).filter((e) => e.message_type === 'PASSING').map((e) => (e.payload.record as { passing_number: number }).passing_number);
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
  });
});
