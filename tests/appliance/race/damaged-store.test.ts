/** @module A damaged engine store (data_dir/engine) from a real box, damaged as disks and power cuts do: start rebuilds it from the log and keeps the damaged copy, or stops naming the command; `replay --repair` rebuilds it. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeLog } from '../../../appliance/log/index.ts';
import { verifyReplay } from '../../../appliance/race/replay.ts';
import { EngineStoreDamagedError } from '../../../appliance/race/store-damage.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { runMre } from '../../support/run-mre.ts';
import { bootRaceBox, DEMO_EVENT, DEMO_MOTO, finishedMoto, TOKEN } from './support.ts';
import { waitFor } from '../service/support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

/** A box that timed a moto and was restarted once, so its engine store has table files as well as a write-ahead log. */
async function boxWithResults(): Promise<{ dir: string; races: unknown }> {
  const { dir, races } = await finishedMoto(cleanups);
  const again = await bootRaceBox(cleanups, {}, dir);
  await again.appliance.stop();
  return { dir, races };
}

const engineFiles = (dir: string, pattern: RegExp) => readdirSync(join(dir, 'engine')).filter((f) => pattern.test(f)).map((f) => join(dir, 'engine', f));
const damagedCopies = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('engine.damaged-'));

const DAMAGE: [string, (dir: string) => void][] = [
  ['CURRENT missing', (dir) => rmSync(join(dir, 'engine', 'CURRENT'))],
  ['MANIFEST missing', (dir) => engineFiles(dir, /^MANIFEST-/).forEach((f) => rmSync(f))],
  ['garbage in a table file', (dir) => engineFiles(dir, /\.ldb$/).forEach((f) => {
    const bytes = readFileSync(f);
    bytes.fill(0x5a, 0, bytes.length - 48);
    writeFileSync(f, bytes);
  })],
  ['a table file truncated', (dir) => engineFiles(dir, /\.ldb$/).forEach((f) => truncateSync(f, Math.floor(statSync(f).size / 2)))],
];

/** Log lines written while `run` runs, as journald would get them. */
async function capturingLogs<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const restore = configureLogging({ write: (line) => lines.push(line) });
  try {
    return { result: await run(), lines };
  } finally {
    configureLogging(restore);
  }
}

describe('damaged engine store', () => {
  it.each(DAMAGE)('damaged engine store - %s: start moves it aside, rebuilds it from the log with a warning, and serves the same races', async (_name, damage) => {
    const { dir, races } = await boxWithResults();
    expect(engineFiles(dir, /\.ldb$/).length).toBeGreaterThan(0);
    damage(dir);
    const { result: box, lines } = await capturingLogs(() => bootRaceBox(cleanups, {}, dir));
    expect((await box.get('/api/races')).body).toEqual(races);
    const warning = lines.find((l) => l.includes('engine store damaged'));
    expect(warning).toMatch(/^<4>/);
    expect(warning).toContain(join(dir, 'engine'));
    const copies = damagedCopies(dir);
    expect(copies).toHaveLength(1);
    expect(warning).toContain(join(dir, copies[0]!));
    await box.appliance.stop();
    expect((await verifyReplay(dir)).equal).toBe(true);
  });

  it('damaged engine store - a snapshot that does not parse is dropped with a warning and the log is replayed instead', async () => {
    const { dir, races } = await boxWithResults();
    const snapshots = join(dir, 'engine', 'snapshots');
    const newest = readdirSync(snapshots).sort().at(-1)!;
    const older = `${(Number(newest.slice(0, 16)) - 1).toString().padStart(16, '0')}.json`;
    // The newest cannot be read (a directory where its file should be); the one before it is cut short.
    rmSync(join(snapshots, newest));
    mkdirSync(join(snapshots, newest));
    writeFileSync(join(snapshots, older), '{"v":2,"races":');
    const { result: box, lines } = await capturingLogs(() => bootRaceBox(cleanups, {}, dir));
    expect((await box.get('/api/races')).body).toEqual(races);
    const unusable = lines.filter((l) => l.startsWith('<4>') && l.includes('engine snapshot unusable'));
    expect(unusable).toHaveLength(2);
    expect(unusable[0]).toContain('cannot be read');
    expect(unusable[1]).toContain('does not parse');
    // The fresh snapshot at that lsn cannot be written where the directory stands: logged, and the box runs on.
    expect(lines.find((l) => l.includes('engine snapshot not saved'))).toMatch(/^<3>.*EISDIR/);
    expect(damagedCopies(dir)).toEqual([]);
  });

  it('damaged engine store - with engine.on_damage "stop", start exits non-zero naming the path, the cause and the exact repair command, and releases the log', async () => {
    const { dir, races } = await boxWithResults();
    engineFiles(dir, /^MANIFEST-/).forEach((f) => rmSync(f));
    const config = join(dir, 'appliance.json');
    writeFileSync(config, JSON.stringify({ data_dir: dir, engine: { on_damage: 'stop' }, http: { host: '127.0.0.1', port: 0 }, log: { min_free_bytes: 0 }, control: { token: TOKEN }, simulator: { scenario: 'bmx-motos' } }));

    const refused = await runMre(['appliance', 'start', '--config', config], { env: { MRE_DATA_DIR: '' } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`run \`npx mre appliance replay --config ${config} --repair\``);
    expect(refused.stderr).toContain(`the engine store ${join(dir, 'engine')} is damaged`);
    expect(refused.stderr).toMatch(/MANIFEST|IO error|Corruption/);
    expect(refused.stderr).toMatch(/^<3>appliance:race: engine store damaged, not started/m);
    expect(damagedCopies(dir)).toEqual([]);

    // In process too: the refusal closes the log, so the repair can open it at once.
    const { configSchema } = await import('../../../appliance/service/config.ts');
    const { startAppliance } = await import('../../../appliance/service/appliance.ts');
    await expect(startAppliance(configSchema.parse(JSON.parse(readFileSync(config, 'utf8'))))).rejects.toBeInstanceOf(EngineStoreDamagedError);
    const log = await EnvelopeLog.open({ dir: join(dir, 'log'), trackId: 'local-track', clientId: 'appliance-1', limits: { minFreeBytes: 0 } });
    await log.close();

    const repaired = await runMre(['appliance', 'replay', '--config', config, '--repair'], { env: { MRE_DATA_DIR: '' } });
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain('engine store was damaged');
    expect(repaired.stdout).toContain('store rebuilt from the log');
    expect(damagedCopies(dir)).toHaveLength(1);
    const check = await runMre(['appliance', 'replay', '--config', config, '--json'], { env: { MRE_DATA_DIR: '' } });
    expect(JSON.parse(check.stdout)).toMatchObject({ equal: true });
    const box = await bootRaceBox(cleanups, { engine: { on_damage: 'stop' } }, dir);
    expect((await box.get('/api/races')).body).toEqual(races);
  });

  it('damaged engine store - replay without --repair says the store is damaged and what to run, and changes nothing', async () => {
    const { dir } = await boxWithResults();
    engineFiles(dir, /\.ldb$/).forEach((f) => truncateSync(f, Math.floor(statSync(f).size / 2)));
    const result = await runMre(['appliance', 'replay'], { env: { MRE_DATA_DIR: dir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`run \`MRE_DATA_DIR=${dir} npx mre appliance replay --repair\``);
    expect(damagedCopies(dir)).toEqual([]);
  });

  it('damaged engine store - writes failing mid-race (its disk full) are logged once, and the box keeps timing, serving and stopping cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mre-race-full-'));
    const engine = join(dir, 'engine');
    mkdirSync(engine);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', engine]);
    cleanups.push(async () => {
      execFileSync('umount', [engine]);
      rmSync(dir, { recursive: true, force: true });
    });
    const { result: box, lines } = await capturingLogs(async () => {
      const box = await bootRaceBox(cleanups, {}, dir);
      const { bavail, bsize } = statfsSync(engine);
      writeFileSync(join(engine, 'filler'), Buffer.alloc(bavail * bsize));
      await box.post('event.setup', DEMO_EVENT);
      await box.post('race.stage', DEMO_MOTO);
      await waitFor('moto finished', async () => ((await box.get('/api/races/r1')).body.race as { status: string }).status === 'finished', 30_000);
      await box.appliance.stop();
      return box;
    });
    expect(lines.filter((l) => l.startsWith('<3>appliance:race: engine store write failed'))).toHaveLength(1);
    expect(box.appliance.status().engine.applied_lsn).toBe(box.appliance.status().log.last_lsn);
    const log = await EnvelopeLog.open({ dir: join(dir, 'log'), trackId: 'local-track', clientId: 'appliance-1', limits: { minFreeBytes: 0 } });
    await log.close();
  });
});
