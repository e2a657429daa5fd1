/** @module The box's `GET /metrics` over real HTTP: a real appliance fed by a loopback TCP decoder, scraped as Prometheus would, with a live WebSocket client for the fanout delay. */
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startAppliance, type RunningAppliance } from '../../../appliance/service/appliance.ts';
import { configSchema } from '../../../appliance/service/config.ts';
import { encodeRecord, TOR } from '../../../shared/p3/index.ts';
import { startDecoderServer, writeApart } from '../decoder/helpers.ts';
import { LiveTestClient } from '../live/support.ts';
import { tempLevelDir, useCleanups } from '../../harness/index.ts';
import { parseExposition, type Exposition } from '../../support/prometheus-text.ts';
import { waitFor } from './support.ts';

const defer = useCleanups();
const DECODER = 0x41813;
const bootUs = Date.now() * 1000;

const passing = (n: number) =>
  encodeRecord({
    type: 'PASSING', tor: TOR.PASSING, version: 2, passing_number: n, transponder: 3_000_000 + (n % 7),
    rtc_time_us: bootUs + n * 1_000_000, strength: 120, hits: 30, flags: 0, decoder_id: DECODER,
  });

async function send(socket: net.Socket, numbers: number[]): Promise<void> {
  for (const n of numbers) await writeApart(socket, passing(n));
}

/** A box whose one decoder is a loopback TCP server the test writes passings to. */
async function bootBox(): Promise<{ appliance: RunningAppliance; source: string; socket: net.Socket }> {
  const dir = await tempLevelDir('mre-metrics-');
  defer(dir.cleanup);
  const sockets: net.Socket[] = [];
  const decoder = await startDecoderServer((socket) => sockets.push(socket));
  defer(() => decoder.close());
  const source = `tcp://127.0.0.1:${decoder.port}`;
  const config = configSchema.parse({ data_dir: dir.path, decoder: { source }, http: { host: '127.0.0.1', port: 0 }, log: { min_free_bytes: 0 } });
  const appliance = await startAppliance(config);
  defer(() => appliance.stop());
  const socket = await waitFor('the decoder connection', () => sockets[0]);
  return { appliance, source, socket };
}

async function scrape(appliance: RunningAppliance): Promise<Exposition> {
  const response = await fetch(`${appliance.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await response.text());
}

/**
 * Scrapes until `check` holds: the text is rendered at most once a second, so a change shows within
 * a second or so. Polls gently, as a scraper would; a 429 from the scrape cap only means "not yet".
 */
async function scrapeUntil(appliance: RunningAppliance, what: string, check: (m: Exposition) => boolean): Promise<Exposition> {
  return waitFor(what, async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const response = await fetch(`${appliance.url}/metrics`);
    if (response.status === 429) return false;
    expect(response.status).toBe(200);
    const exposition = parseExposition(await response.text());
    return check(exposition) && exposition;
  });
}

describe('appliance metrics', () => {
  it('appliance metrics - the scrape parses, names every box metric, and the counters move as passings arrive', async () => {
    const { appliance, source, socket } = await bootBox();
    const decoder = { decoder: source };
    const first = await scrapeUntil(appliance, 'the link up', (m) => m.value('mre_decoder_link_up', decoder) === 1);
    for (const name of [
      'mre_intake_records_total', 'mre_intake_passings_total', 'mre_log_append_latency_seconds', 'mre_log_last_lsn', 'mre_log_unsynced_envelopes',
      'mre_intake_flow_paused', 'mre_decoder_link_up', 'mre_live_clients', 'mre_live_fanout_delay_seconds', 'mre_live_passings_skipped_total',
      'mre_process_resident_memory_bytes', 'mre_process_heap_used_bytes', 'mre_sync_lag_envelopes', 'mre_sync_lag_seconds', 'mre_duplicates_suppressed_total',
    ]) {
      expect(first.families.has(name), name).toBe(true);
    }
    expect(first.value('mre_intake_passings_total', decoder)).toBe(0);
    expect(first.value('mre_intake_flow_paused')).toBe(0);
    expect(first.value('mre_sync_enabled')).toBe(0);
    expect(first.value('mre_process_resident_memory_bytes')).toBeGreaterThan(0);
    const lsnBefore = first.value('mre_log_last_lsn');

    await send(socket, [1, 2, 3, 4, 5, 5]);
    const after = await scrapeUntil(appliance, 'five passings and a repeat counted', (m) => m.value('mre_intake_passings_total', decoder) === 5 && m.value('mre_duplicates_suppressed_total', { stage: 'box_intake' }) === 1);
    expect(after.value('mre_intake_records_total', decoder)).toBe(5);
    expect(after.value('mre_log_append_latency_seconds_count')).toBe(6);
    expect(after.value('mre_log_last_lsn')).toBe(lsnBefore + 5);
    expect(after.value('mre_log_unsynced_envelopes')).toBe(appliance.status().log.unsynced);
    expect(after.value('mre_sync_lag_envelopes')).toBe(appliance.status().sync.lag_envelopes);
    // Published with nobody connected: no socket, no fanout.
    expect(after.value('mre_live_fanout_delay_seconds_count')).toBe(0);
  });

  it('appliance metrics - the fanout histogram counts each passing written to a connected WebSocket client', async () => {
    const { appliance, source, socket } = await bootBox();
    const client = await LiveTestClient.connect(`${appliance.url.replace('http', 'ws')}/ws/v1/live?track_id=${appliance.status().track_id}&channels=decoder`);
    defer(() => client.close());
    await scrapeUntil(appliance, 'one live client', (m) => m.value('mre_live_clients') === 1);

    await send(socket, [1, 2, 3, 4]);
    const passingsSeen = () => client.events().filter((e) => e.payload.type === 'passing').length;
    await waitFor('four passings at the client', () => passingsSeen() === 4);
    const m = await scrapeUntil(appliance, 'the fanout counted', (s) => s.value('mre_live_fanout_delay_seconds_count') >= 4 && s.value('mre_intake_passings_total', { decoder: source }) === 4);
    // Every event the client got was observed once as it was written (status pushes included), and nothing else was.
    expect(m.value('mre_live_fanout_delay_seconds_count')).toBeLessThanOrEqual(client.events().length);
    expect(m.value('mre_live_fanout_delay_seconds_bucket', { le: '+Inf' })).toBe(m.value('mre_live_fanout_delay_seconds_count'));
    expect(client.problems).toEqual([]);
  });

  it('appliance metrics - open without the operator token, showing no secret, and a flood of scrapes is capped with 429', async () => {
    const { appliance } = await bootBox();
    const response = await fetch(`${appliance.url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain(appliance.controlToken);

    const flood = await Promise.all(Array.from({ length: 40 }, () => fetch(`${appliance.url}/metrics`).then(async (r) => ({ status: r.status, retry: r.headers.get('retry-after'), body: await r.text() }))));
    const refused = flood.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.retry === '1' && r.body.includes('scrape less often'))).toBe(true);
    for (const served of flood.filter((r) => r.status === 200)) expect(() => parseExposition(served.body)).not.toThrow();
    expect(flood.every((r) => r.status === 200 || r.status === 429)).toBe(true);
  });
});
