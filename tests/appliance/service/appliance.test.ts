/** @module The appliance in process against the simulator: TCP and serial intake, reconnects, dedupe, gaps, HTTP API, bad decoders, full log. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAppliance, type RunningAppliance } from '../../../appliance/service/appliance.ts';
import { configSchema, type ApplianceConfig } from '../../../appliance/service/config.ts';
import { startSimulator, type Simulator } from '../../../appliance/simulator/index.ts';
import { encodeRecord, TOR } from '../../../shared/p3/index.ts';
import { startDecoderServer } from '../decoder/helpers.ts';
import { openPtyPair, tempLevelDir } from '../../harness/index.ts';
import { freePort, getJson, passingNumbers, readLogDir, waitFor } from './support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function boot(decoder: Partial<ApplianceConfig['decoder']>, log: Partial<ApplianceConfig['log']> = {}) {
  const dir = await tempLevelDir('mre-appliance-');
  cleanups.push(dir.cleanup);
  const config = configSchema.parse({ data_dir: dir.path, decoder: { ...decoder }, http: { host: '127.0.0.1', port: 0 }, log: { min_free_bytes: 0, ...log } });
  const appliance = await startAppliance(config);
  cleanups.push(() => appliance.stop());
  return { appliance, dir: dir.path };
}

async function simulator(options: Partial<Parameters<typeof startSimulator>[0]> = {}): Promise<Simulator> {
  const sim = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: 'burst', speed: 1, ...options });
  sim.pause();
  cleanups.push(() => sim.stop());
  return sim;
}

/**
 * Resumes the simulator once the appliance is connected, lets it send `count` more passings,
 * and returns their numbers once the appliance has logged them all.
 */
async function runBurst(sim: Simulator, appliance: RunningAppliance, count: number): Promise<number[]> {
  await waitFor('decoder link connected', () => appliance.status().decoder.state === 'connected');
  const sent: number[] = [];
  sim.on('passing', (record) => {
    if (sent.length < count) sent.push(record.passing_number!);
    if (sent.length === count) sim.pause();
  });
  const before = appliance.status().intake.passings_this_boot;
  sim.resume();
  await waitFor(`${count} passings sent`, () => sent.length === count);
  await waitFor(`${count} passings logged`, () => appliance.status().intake.passings_this_boot - before >= count);
  return sent;
}

describe('appliance', () => {
  it('appliance - logs every simulator passing over loopback TCP, in the simulator order', async () => {
    const sim = await simulator();
    const { appliance, dir } = await boot({ source: `tcp://127.0.0.1:${sim.port}` });
    const sent = await runBurst(sim, appliance, 400);
    await appliance.stop();
    expect(passingNumbers(await readLogDir(join(dir, 'log')))).toEqual(sent);
  });

  it('appliance - logs every simulator passing over a serial pty pair', async () => {
    const pair = await openPtyPair();
    cleanups.push(() => pair.stop());
    const sim = await simulator({ tcpPort: undefined, serialPath: pair.a });
    const { appliance, dir } = await boot({ source: pair.b });
    const sent = await runBurst(sim, appliance, 200);
    await appliance.stop();
    expect(passingNumbers(await readLogDir(join(dir, 'log')))).toEqual(sent);
    expect(sent).toHaveLength(200);
  });

  it('appliance - reconnects after the decoder restarts, drops replayed passings and records the gap', async () => {
    const first = await simulator({ firstPassingNumber: 5000 });
    const { appliance, dir } = await boot({ source: `tcp://127.0.0.1:${first.port}` });
    const sent = await runBurst(first, appliance, 50);
    const last = sent.at(-1)!;
    await first.stop();
    await waitFor('link lost', () => appliance.status().decoder.state !== 'connected');

    // The decoder comes back on the same port and replays its last 20 passings byte for byte (a
    // repeat is the same passing: number, RTC time, transponder), then counts on and loses 5 frames.
    const { body } = await getJson(`${appliance.url}/api/passings?limit=20`);
    const replay = (body.passings as { payload: { raw_hex: string } }[]).reverse().map((p) => Buffer.from(p.payload.raw_hex, 'hex'));
    const fresh = Array.from({ length: 40 }, (_, i) => last + 1 + i).filter((n) => n <= last + 5 || n > last + 10);
    const frames = fresh.map((n) => encodeRecord({ type: 'PASSING', tor: TOR.PASSING, version: 2, passing_number: n, transponder: 4_000_000 + n, rtc_time_us: 1_795_000_000_000_000 + n * 1000, decoder_id: first.decoderId }));
    const second = await startDecoderServer((socket) => void socket.write(Buffer.concat([...replay, ...frames])), first.port);
    cleanups.push(() => second.close());
    await waitFor('all logged', () => appliance.status().intake.passings_this_boot >= 50 + 35);
    const status = appliance.status();
    expect(status.decoder.reconnects).toBeGreaterThanOrEqual(1);
    expect(replay).toHaveLength(20);
    expect(status.intake.duplicates_dropped).toBe(20);
    await appliance.stop();

    const envelopes = await readLogDir(join(dir, 'log'));
    const numbers = passingNumbers(envelopes);
    expect(new Set(numbers).size).toBe(numbers.length);
    const gaps = envelopes.filter((e) => e.message_type === 'GAP').map((e) => e.payload);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ from: last + 6, to: last + 10, missing: 5 });
  });

  it('appliance - serves health, status and the latest passings; bad queries get 400 naming the field', async () => {
    const sim = await simulator();
    const { appliance } = await boot({ source: `tcp://127.0.0.1:${sim.port}` });
    await runBurst(sim, appliance, 30);
    expect(await getJson(`${appliance.url}/healthz`)).toEqual({ status: 200, body: { ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+\+checkout$/) } });
    const { body: status } = await getJson(`${appliance.url}/api/status`);
    expect(status).toMatchObject({
      decoder: { state: 'connected', decoder_id: expect.any(Number), clock_offset_us: expect.any(Number), resend_enabled: false },
      last_passing: { message_type: 'PASSING' },
      intake: { passings_this_boot: 30 },
      log: { last_seq: expect.any(Number), unsynced: expect.any(Number), size_bytes: expect.any(Number), disk: 'ok', refusing: null },
    });
    const { body } = await getJson(`${appliance.url}/api/passings?limit=3`);
    const numbers = (body.passings as { payload: { record: { passing_number: number } } }[]).map((p) => p.payload.record.passing_number);
    expect(numbers).toHaveLength(3);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(await getJson(`${appliance.url}/api/passings?limit=abc`)).toEqual({ status: 400, body: { error: 'limit: limit must be a number' } });
    expect((await getJson(`${appliance.url}/api/passings?limit=5000`)).status).toBe(400);
    expect((await getJson(`${appliance.url}/api/nothing`)).status).toBe(404);
  });

  it('appliance - stays up and says so when the decoder is unreachable or its device does not exist', async () => {
    const { appliance: tcp } = await boot({ source: `tcp://127.0.0.1:${await freePort()}` });
    await waitFor('refused connection reported', () => /ECONNREFUSED/.test(tcp.status().decoder.last_error ?? ''));
    expect(tcp.status().decoder.state).not.toBe('connected');
    expect((await getJson(`${tcp.url}/healthz`)).status).toBe(200);

    const { appliance: serial } = await boot({ source: '/dev/does-not-exist' });
    await waitFor('missing device reported', () => /does-not-exist/.test(serial.status().decoder.last_error ?? ''));
    expect((await getJson(`${serial.url}/api/status`)).body).toMatchObject({ decoder: { transport: 'serial' } });
  });

  it('appliance - a full log stops intake, flags it in status and health, and the API stays up', async () => {
    const sim = await simulator({ count: 20 });
    const { appliance } = await boot({ source: `tcp://127.0.0.1:${sim.port}` }, { max_bytes: 1 });
    await waitFor('decoder link connected', () => appliance.status().decoder.state === 'connected');
    sim.resume();
    await waitFor('records refused', () => appliance.status().intake.refused_log_full > 0);
    const health = await getJson(`${appliance.url}/healthz`);
    expect(health.status).toBe(503);
    expect(health.body.problem).toMatch(/cap/);
    expect(appliance.status().log).toMatchObject({ disk: 'full', refusing: expect.any(String) });
  });
});
