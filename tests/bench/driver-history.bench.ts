/**
 * @module "My driver" on the server: a driver with 200 events (three races each) among 20 drivers'
 * rows in a real cloud's read models (nats-server on loopback), `GET /api/portal/drivers/history`
 * answered in process 200 times after a warm-up; p95 of the whole route (door, key listing,
 * values, sort, JSON). Also timed, in the detail: `GET /api/portal/me/history` for a member whose
 * transponder leads to a box rider with 200 events (the rider key listing, then the same read).
 */
import { performance } from 'node:perf_hooks';
import { issueApiToken } from '../../cloud/accounts/api-token.ts';
import { PORTAL_API_PREFIX } from '../../cloud/portal/history-routes.ts';
import { boxRiderKey, historyKey, type HistoryRow } from '../../shared/contracts/driver-history.ts';
import { openProvisionedBucket } from '../../cloud/ingest/open-bucket.ts';
import { startAdminCloud } from '../support/admin-cloud.ts';
import { startServers } from '../support/liverc-pages/cloud-stack.ts';
import type { BenchEntry } from './bench-types.ts';

const EVENTS = 200;
const DRIVERS = 20;
const RUNS = 200;
const WARM_UP = 20;

/** p50, p95 and p99 of `runs` timed answers of `path` after a warm-up, and the events the last one listed. */
async function timeRoute(request: (path: string) => Promise<Response>, path: string): Promise<{ events: number; at: (p: number) => number }> {
  const times: number[] = [];
  let events = 0;
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const started = performance.now();
    const res = await request(path);
    events = ((await res.json()) as { events: unknown[] }).events.length;
    if (i >= WARM_UP) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { events, at: (p) => Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]! * 10) / 10 };
}

function row(driver: number, event: number): HistoryRow {
  const races = [1, 2, 3].map((r) => ({ race_id: String(7_000_000 + event * 10 + r), name: `Race ${r}`, class_name: '1/10 2WD Buggy', round: r === 3 ? 'Main Events' : `Qualifier Round ${r}`, laps: 14, best_lap_ms: 20_000 + driver * 10 + r, avg_lap_ms: 21_000 + r, consistency_pct: 92.5 }));
  const day = new Date(Date.UTC(2020, 0, 1) + event * 7 * 86_400_000).toISOString().slice(0, 10);
  return { source: 'liverc', track_id: `track-${event % 12}`, track_name: `Track ${event % 12}`, event_id: String(600_000 + event), event_name: `Club day ${event}`, date_start: day, driver_key: `d${900_000 + driver}`, driver_name: `DRIVER ${driver}`, laps: 42, best_lap_ms: races[0]!.best_lap_ms, avg_lap_ms: 21_002, consistency_pct: 92.5, races };
}

export const driverHistoryBench: BenchEntry = {
  name: 'my driver history, 200 events, server side (ms, p95)',
  target: { value: 50, better: 'lower' },
  async run() {
    const servers = await startServers();
    const cloud = await startAdminCloud(servers);
    try {
      const kv = await openProvisionedBucket(cloud.runtime.nc, 'readModels');
      for (let d = 0; d < DRIVERS; d++) {
        const puts: Promise<unknown>[] = [];
        for (let e = 0; e < EVENTS; e++) {
          const r = row(d, e);
          puts.push(kv.put(historyKey(r.source, r.driver_key, r.track_id, r.event_id)!, JSON.stringify(r)));
        }
        await Promise.all(puts);
      }
      // The member's box rider: 200 box events, found by the account's transponder.
      const puts: Promise<unknown>[] = [kv.put(boxRiderKey(7007, 'track-0', 'rider-7')!, '')];
      for (let e = 0; e < EVENTS; e++) {
        const r = { ...row(7, e), source: 'box', driver_key: 'rider-7' };
        puts.push(kv.put(historyKey(r.source, r.driver_key, r.track_id, r.event_id)!, JSON.stringify(r)));
      }
      await Promise.all(puts);
      const store = cloud.liverc!.accounts.store;
      const { token } = await issueApiToken(store, await store.create({ name: 'bench-admin', role: 'admin', password: 'bench password here', transponders: ['7007'] }));
      const request = async (path: string) => cloud.app.request(path, { headers: { authorization: `Bearer ${token}` } });
      const driver = await timeRoute(request, `${PORTAL_API_PREFIX}/drivers/history?source=liverc&driver_key=d${900_000 + 7}`);
      if (driver.events !== EVENTS) throw new Error(`the history listed ${driver.events} events, not ${EVENTS}`);
      const me = await timeRoute(request, `${PORTAL_API_PREFIX}/me/history`);
      if (me.events !== EVENTS) throw new Error(`my history listed ${me.events} events, not ${EVENTS}`);
      return {
        value: driver.at(95),
        unit: 'ms',
        detail: { events: EVENTS, rows_in_bucket: EVENTS * (DRIVERS + 1), runs: RUNS, p50_ms: driver.at(50), p99_ms: driver.at(99), me_history_p50_ms: me.at(50), me_history_p95_ms: me.at(95), me_history_p99_ms: me.at(99) },
      };
    } finally {
      await cloud.stop(0);
      await servers.stop();
    }
  },
};
