/** @module The shared metrics module: one registry per process, names from one file, render at most once per interval, `GET /metrics` with its content type, cap and failure answer. */
import { Hono } from 'hono';
import { register as promDefaultRegistry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { BOX_METRICS, LATENCY_BUCKETS, LIVE_METRICS, MetricsRegistry, mountMetrics, PROCESS_METRICS, SLO_METRICS, watchProcess, type MetricDef } from '../../../shared/metrics/index.ts';
import { createLogger } from '../../../shared/log/index.ts';
import { captureLogs } from '../../appliance/decoder/helpers.ts';
import { parseExposition } from '../../support/prometheus-text.ts';

const ALL: MetricDef[] = [SLO_METRICS, LIVE_METRICS, PROCESS_METRICS, BOX_METRICS].flatMap((group) => Object.values(group) as MetricDef[]);

let restoreLogs: (() => void) | undefined;
afterEach(() => {
  restoreLogs?.();
  restoreLogs = undefined;
});

describe('metrics names', () => {
  it('metrics names - every metric is mre_-prefixed, unique, explained, and named for its kind and unit', () => {
    const names = ALL.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const def of ALL) {
      expect(def.name).toMatch(/^mre_[a-z0-9_]+$/);
      expect(def.help.length).toBeGreaterThan(10);
      if (def.kind === 'counter') expect(def.name).toMatch(/_total$/);
      else expect(def.name).not.toMatch(/_total$/);
      if (def.kind === 'histogram') {
        expect(def.name).toMatch(/_seconds$/);
        expect(def.buckets!.length).toBeGreaterThan(5);
      }
    }
  });

  it('metrics names - latency buckets run from a millisecond to seconds, in order', () => {
    expect(LATENCY_BUCKETS[0]).toBe(0.001);
    expect(LATENCY_BUCKETS.at(-1)).toBeGreaterThanOrEqual(5);
    expect([...LATENCY_BUCKETS].sort((a, b) => a - b)).toEqual([...LATENCY_BUCKETS]);
  });
});

describe('metrics registry', () => {
  it('metrics registry - two registries count apart and the library default registry stays empty', async () => {
    const a = new MetricsRegistry({ minRenderIntervalMs: 0 });
    const b = new MetricsRegistry({ minRenderIntervalMs: 0 });
    a.counter(SLO_METRICS.duplicatesSuppressed).inc({ stage: 'race' }, 3);
    b.counter(SLO_METRICS.duplicatesSuppressed).inc({ stage: 'race' }, 1);
    expect(parseExposition(await a.render()).value('mre_duplicates_suppressed_total', { stage: 'race' })).toBe(3);
    expect(parseExposition(await b.render()).value('mre_duplicates_suppressed_total', { stage: 'race' })).toBe(1);
    expect(await promDefaultRegistry.metrics()).not.toContain('mre_');
  });

  it('metrics registry - counters, gauges and histograms render as parseable text with their help and type', async () => {
    const metrics = new MetricsRegistry({ minRenderIntervalMs: 0 });
    metrics.gauge(SLO_METRICS.consumerLag).set({ role: 'race', track_id: 'track-1' }, 42);
    const fanout = metrics.histogram(SLO_METRICS.fanoutDelay);
    for (const seconds of [0.0005, 0.003, 0.2, 20]) fanout.observe(seconds);
    watchProcess(metrics);
    const text = await metrics.render();
    const exposition = parseExposition(text);
    expect(exposition.family('mre_consumer_lag_messages')).toMatchObject({ type: 'gauge', help: SLO_METRICS.consumerLag.help });
    expect(exposition.value('mre_consumer_lag_messages', { role: 'race', track_id: 'track-1' })).toBe(42);
    expect(exposition.family('mre_live_fanout_delay_seconds').type).toBe('histogram');
    expect(exposition.value('mre_live_fanout_delay_seconds_count')).toBe(4);
    expect(exposition.value('mre_live_fanout_delay_seconds_bucket', { le: '0.001' })).toBe(1);
    expect(exposition.value('mre_live_fanout_delay_seconds_bucket', { le: '0.25' })).toBe(3);
    expect(exposition.value('mre_live_fanout_delay_seconds_bucket', { le: '+Inf' })).toBe(4);
    expect(exposition.value('mre_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('metrics registry - renders at most once per interval, and concurrent scrapes share one render', async () => {
    let now = 0;
    let collected = 0;
    const metrics = new MetricsRegistry({ minRenderIntervalMs: 1000, clock: () => now });
    const gauge = metrics.gauge(BOX_METRICS.lastLsn);
    metrics.onCollect(() => gauge.set(++collected));
    const [first, second] = await Promise.all([metrics.render(), metrics.render()]);
    expect(collected).toBe(1);
    expect(second).toBe(first);
    now = 999;
    expect(await metrics.render()).toBe(first);
    expect(collected).toBe(1);
    now = 1000;
    expect(parseExposition(await metrics.render()).value('mre_log_last_lsn')).toBe(2);
    expect(collected).toBe(2);
  });

  it('metrics registry - a counter mirrored from a kept total moves by the difference and refuses to go back', async () => {
    const metrics = new MetricsRegistry({ minRenderIntervalMs: 0 });
    const records = metrics.mirroredCounter(BOX_METRICS.recordsIngested);
    expect(metrics.mirroredCounter(BOX_METRICS.recordsIngested)).toBe(records);
    records.set(5, { decoder: 'tcp://10.0.0.2:5403' });
    records.set(7, { decoder: 'tcp://10.0.0.2:5403' });
    records.set(2, { decoder: '/dev/ttyUSB0' });
    const exposition = parseExposition(await metrics.render());
    expect(exposition.family('mre_intake_records_total').type).toBe('counter');
    expect(exposition.value('mre_intake_records_total', { decoder: 'tcp://10.0.0.2:5403' })).toBe(7);
    expect(exposition.value('mre_intake_records_total', { decoder: '/dev/ttyUSB0' })).toBe(2);
    expect(() => records.set(1, { decoder: '/dev/ttyUSB0' })).toThrow(/cannot go back from 2 to 1/);
  });

  it('metrics registry - the same definition twice is one metric; a clashing one is refused by name', () => {
    const metrics = new MetricsRegistry();
    expect(metrics.counter(SLO_METRICS.dlqMessages)).toBe(metrics.counter(SLO_METRICS.dlqMessages));
    expect(() => metrics.gauge({ ...SLO_METRICS.dlqMessages, kind: 'gauge' })).toThrow(/mre_dlq_messages_total is already registered as a counter/);
    expect(() => new MetricsRegistry({ minRenderIntervalMs: -1 })).toThrow(/minRenderIntervalMs/);
  });
});

describe('metrics route', () => {
  it('metrics route - serves the text as text/plain version 0.0.4', async () => {
    const metrics = new MetricsRegistry();
    metrics.gauge(LIVE_METRICS.clients).set(3);
    const app = new Hono();
    mountMetrics(app, metrics);
    const response = await app.request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(parseExposition(await response.text()).value('mre_live_clients')).toBe(3);
  });

  it('metrics route - past the cap a second it answers 429 with Retry-After and logs once, then serves again', async () => {
    const capture = captureLogs();
    restoreLogs = capture.restore;
    let now = 0;
    const app = new Hono();
    mountMetrics(app, new MetricsRegistry(), { maxPerSecond: 3, clock: () => now, log: createLogger('test:metrics') });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await app.request('/metrics')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    const refused = await app.request('/metrics');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.text()).toMatch(/at most 3 a second/);
    expect(capture.lines.filter((l) => l.includes('metrics scrapes refused'))).toHaveLength(1);
    now = 1000;
    expect((await app.request('/metrics')).status).toBe(200);
    expect(() => mountMetrics(new Hono(), new MetricsRegistry(), { maxPerSecond: 0 })).toThrow(/maxPerSecond/);
  });

  it('metrics route - a failing collector is a 500 naming the log, and the failure is logged', async () => {
    const capture = captureLogs();
    restoreLogs = capture.restore;
    const metrics = new MetricsRegistry();
    metrics.onCollect(() => {
      throw new Error('status unavailable');
    });
    const app = new Hono();
    mountMetrics(app, metrics, { log: createLogger('test:metrics') });
    const response = await app.request('/metrics');
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/see the log/);
    expect(capture.lines.some((l) => l.includes('metrics could not be collected') && l.includes('status unavailable'))).toBe(true);
  });
});
