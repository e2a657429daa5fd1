/** @module A running appliance for race tests: temp data dir, loopback port, the simulator, and race control over real HTTP. */
import { join } from 'node:path';
import { EnvelopeLog } from '../../../appliance/log/index.ts';
import { startAppliance, type RunningAppliance } from '../../../appliance/service/appliance.ts';
import { configSchema } from '../../../appliance/service/config.ts';
import { ARCHIVE_IDLE_US } from '../../../shared/race/index.ts';
import { tempLevelDir, waitFor } from '../../harness/index.ts';

export const TOKEN = 'pit-lane-42';

export interface RaceBox {
  appliance: RunningAppliance;
  dir: string;
  /** POST /api/control/<intent>; `token: null` sends none. */
  post(intent: string, body: unknown, token?: string | null): Promise<{ status: number; body: Record<string, unknown> }>;
  get(path: string): Promise<{ status: number; body: Record<string, unknown> }>;
}

export async function bootRaceBox(cleanups: (() => Promise<unknown>)[], overrides: Record<string, unknown> = {}, dir?: string): Promise<RaceBox> {
  let dataDir = dir;
  if (!dataDir) {
    const temp = await tempLevelDir('mre-race-');
    cleanups.push(temp.cleanup);
    dataDir = temp.path;
  }
  const config = configSchema.parse({
    data_dir: dataDir,
    http: { host: '127.0.0.1', port: 0 },
    log: { min_free_bytes: 0 },
    control: { token: TOKEN },
    simulator: { scenario: 'bmx-motos', race_seconds: [3, 4] },
    ...overrides,
  });
  const appliance = await startAppliance(config);
  cleanups.push(() => appliance.stop());
  const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> });
  return {
    appliance,
    dir: dataDir,
    post: async (intent, body, token = TOKEN) =>
      json(await fetch(`${appliance.url}/api/control/${intent}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token !== null ? { authorization: `Bearer ${token}` } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body) })),
    get: async (path) => json(await fetch(`${appliance.url}${path}`)),
  };
}

export const DEMO_EVENT = {
  event_id: 'club-night',
  name: 'Club night',
  classes: [{ class_id: 'open', name: 'Open', format: 'bmx' }],
  riders: [
    { rider_id: 'ann', name: 'Ann Berg', plate: '7', class_id: 'open', transponders: [101000001] },
    { rider_id: 'bo', name: 'Bo Lind', plate: '12', class_id: 'open', transponders: [101000002] },
    { rider_id: 'cy', name: 'Cy Holm', plate: '31', class_id: 'open', transponders: [101000003] },
  ],
};

export const DEMO_MOTO = { event_id: 'club-night', class_id: 'open', format: 'bmx', min_time_ms: 1000, lineup: [{ rider_id: 'ann', lane: 1 }, { rider_id: 'bo', lane: 2 }, { rider_id: 'cy', lane: 3 }] };

/** A box that timed the demo moto to the end and stopped: its data dir and the races it served. */
export async function finishedMoto(cleanups: (() => Promise<unknown>)[]): Promise<{ dir: string; races: unknown }> {
  const box = await bootRaceBox(cleanups);
  await box.post('event.setup', DEMO_EVENT);
  await box.post('race.stage', DEMO_MOTO);
  await waitFor('moto finished', async () => ((await box.get('/api/races/r1')).body.race as { status: string }).status === 'finished', 30_000);
  const races = (await box.get('/api/races')).body;
  await box.appliance.stop();
  return { dir: box.dir, races };
}

/** The next day's event set up in a stopped box's log, as the control desk would log it a day and an hour later: the day before leaves the engine at the next start. */
export async function setUpNextDay(dir: string, eventId: string, name: string): Promise<void> {
  const log = await EnvelopeLog.open({ dir: join(dir, 'log'), trackId: 'local-track', clientId: 'appliance-1' });
  const atUs = Date.now() * 1000 + ARCHIVE_IDLE_US + 3600e6;
  await log.append([{ message_type: 'CONTROL', captured_at_us: atUs, payload: { intent: 'event.setup', by: 'operator', at_us: atUs, args: { event_id: eventId, name, classes: [], riders: [], decoders: [] } } }]);
  await log.close();
}
