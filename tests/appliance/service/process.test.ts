/** @module The appliance as a real process: config errors, the quick start, SIGTERM, kill -9 mid-burst, systemd notifications. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../appliance/simulator/index.ts';
import { runMre } from '../../support/run-mre.ts';
import { spawnAppliance as spawnApplianceProcess } from './appliance-process.ts';
import { getJson, passingNumbers, readLogDir, waitFor } from './support.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mre-proc-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const spawnAppliance = (env: Record<string, string>) => spawnApplianceProcess(env, (kill) => cleanups.push(kill));

const status = async (url: string) => (await getJson(`${url}/api/status`)).body as { boot_id: string; log: { last_seq: number }; intake: { passings_this_boot: number }; decoder: { state: string } };

describe('appliance process', () => {
  it('appliance process - refuses a bad config with exit 2, naming every bad field', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ http: { port: 'eighty' }, decoder: { baud_rate: -5 }, surprise: 1 }));
    const result = await runMre(['appliance', 'start', '--config', file], { env: { MRE_TRACK_ID: 'Not A Token' } });
    expect(result.code).toBe(2);
    for (const field of ['http.port', 'decoder.baud_rate', 'track_id', '(from MRE_TRACK_ID)', 'surprise']) expect(result.stderr).toContain(field);
    const missing = await runMre(['appliance', 'start', '--config', join(dir, 'none.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read config file');
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{ nope');
    expect((await runMre(['appliance', 'start', '--config', notJson])).stderr).toContain('is not valid JSON');
  });

  it('appliance process - the quick start runs against the built-in simulator, prints its URLs and stops cleanly on SIGTERM', async () => {
    const data = join(tempDir(), 'data');
    const app = await spawnAppliance({ MRE_DATA_DIR: data, MRE_SIMULATOR_SPEED: '40' });
    expect(app.output()).toContain(`${app.url}/api/status`);
    expect(app.output()).toContain('built-in simulator');
    await waitFor('passings logged', async () => (await status(app.url)).intake.passings_this_boot >= 3);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain('appliance stopped');
    expect(passingNumbers(await readLogDir(join(data, 'log'))).length).toBeGreaterThanOrEqual(3);
  });

  it('appliance process - kill -9 mid-burst at several points loses nothing it reported written and doubles nothing', async () => {
    const data = join(tempDir(), 'data');
    const sim = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: 'burst', count: 5000, firstPassingNumber: 700_000 });
    sim.pause();
    cleanups.push(() => sim.stop());
    const sent: number[] = [];
    let releaseUpTo = 0;
    sim.on('passing', (p) => {
      sent.push(p.passing_number!);
      if (sent.length >= releaseUpTo) sim.pause();
    });
    const env = { MRE_DATA_DIR: data, MRE_DECODER_SOURCE: `tcp://127.0.0.1:${sim.port}` };
    const reported = new Map<string, number>();
    const bootsSeen: string[] = [];

    // The socket buffers a whole burst, so it goes out in chunks; each boot is killed while
    // still working through its chunk's backlog, at a different point each time.
    for (const [upTo, killAt] of [[1000, 200], [2500, 700], [4000, 1200]] as const) {
      const app = await spawnAppliance(env);
      await waitFor('connected', async () => sim.clients() === 1 && (await status(app.url)).decoder.state === 'connected');
      releaseUpTo = upTo;
      sim.resume();
      const last = await waitFor(`${killAt} passings logged`, async () => {
        const s = await status(app.url);
        return s.intake.passings_this_boot >= killAt ? s : undefined;
      });
      sim.pause();
      app.child.kill('SIGKILL');
      await app.exited;
      reported.set(last.boot_id, last.log.last_seq);
      bootsSeen.push(last.boot_id);
    }
    const final = await spawnAppliance(env);
    await waitFor('connected', async () => sim.clients() === 1);
    releaseUpTo = 5000;
    sim.resume();
    await waitFor('burst finished', () => sent.length === 5000);
    await waitFor('final passing logged', async () => {
      const { passings } = (await getJson(`${final.url}/api/passings?limit=1`)).body as { passings: { payload: { record: { passing_number: number } } }[] };
      return passings[0]?.payload.record.passing_number === sent.at(-1);
    }, 60_000);
    final.child.kill('SIGTERM');
    expect(await final.exited).toBe(0);

    const envelopes = await readLogDir(join(data, 'log'));
    const seqsByBoot = new Map<string, number[]>();
    for (const e of envelopes) seqsByBoot.set(e.boot_id, [...(seqsByBoot.get(e.boot_id) ?? []), e.seq]);
    expect(seqsByBoot.size).toBe(4);
    for (const seqs of seqsByBoot.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    for (const [boot, lastSeq] of reported) expect(seqsByBoot.get(boot)!.length).toBeGreaterThanOrEqual(lastSeq);
    expect(new Set(bootsSeen).size).toBe(3);

    const logged = passingNumbers(envelopes);
    expect(new Set(logged).size).toBe(logged.length);
    // Every passing the decoder sent is either logged or inside a recorded gap: nothing vanishes silently.
    const gaps = envelopes.filter((e) => e.message_type === 'GAP').map((e) => e.payload as { from: number; to: number });
    const accounted = new Set(logged);
    for (const { from, to } of gaps) for (let n = from; n <= to; n++) accounted.add(n);
    expect(sent.filter((n) => !accounted.has(n))).toEqual([]);
  }, 120_000);

  it('appliance process - tells systemd READY, pings the watchdog and says STOPPING on SIGTERM', async () => {
    const dir = tempDir();
    const socket = join(dir, 'notify.sock');
    const received = join(dir, 'received.txt');
    // A unix datagram socket stands in for systemd's; Node cannot open one, python can.
    const listener = spawn('python3', ['-c', `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print('listening', flush=True)
with open(sys.argv[2], 'a') as out:
    while True:
        out.write(s.recv(4096).decode() + '\\n'); out.flush()
`, socket, received], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => void listener.kill('SIGKILL'));
    await new Promise((resolve) => listener.stdout!.once('data', resolve));
    const app = await spawnAppliance({ MRE_DATA_DIR: join(dir, 'data'), NOTIFY_SOCKET: socket, WATCHDOG_USEC: '2000000' });
    const text = () => readFileSync(received, 'utf8');
    await waitFor('READY=1', () => text().includes('READY=1'));
    await waitFor('WATCHDOG=1', () => text().includes('WATCHDOG=1'));
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    await waitFor('STOPPING=1', () => text().includes('STOPPING=1'));
  });
});
