/**
 * @module LiveRC ingestion benchmarks: catalogue typeahead and held-between p95 over 5,000 tracks
 * and 500,000 events in the CatalogueIndex, and the CPU time of a whole 32-race event import
 * from the fake LiveRC into a real nats-server with no politeness delay.
 */
import { performance } from 'node:perf_hooks';
import { parseLiveRcConfig } from '../../cloud/liverc/config.ts';
import { createLiveRcHttpClient } from '../../cloud/liverc/http/index.ts';
import { LiveRcIngestion } from '../../cloud/liverc/ingestion/service.ts';
import { BUCKETS, PAGES_BUCKET } from '../../cloud/liverc/store/store.ts';
import { parsePage } from '../../cloud/liverc/parsers/index.ts';
import { CatalogueIndex } from '../../cloud/liverc/store/catalogue-index.ts';
import type { EventRecord, TrackRecord } from '../../cloud/liverc/store/records.ts';
import type { LiveRcConnector, PageKind } from '../../cloud/liverc/types.ts';
import { liveRcUrls } from '../../cloud/liverc/urls.ts';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { seededRng } from '../../shared/random/index.ts';
import { startNatsServer } from '../harness/index.ts';
import { startFakeLiveRc } from '../support/fake-liverc/index.ts';
import { eventSite, PATHS, serveEvent, syntheticEvent } from '../support/liverc-pages/index.ts';
import { CANBERRA, hasCanberraFiles, serveCanberra } from '../support/liverc-pages/site.ts';
import type { BenchEntry } from './bench-types.ts';

const TRACKS = 5_000;
const EVENTS = 500_000;
const QUERIES = 2_000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (ms: number) => Math.round(ms * 1000) / 1000;
const WORDS = ['raceway', 'rc', 'club', 'park', 'speedway', 'offroad', 'model', 'car', 'hobbies', 'track', 'indoor', 'dirt', 'arena', 'motorsport', 'buggy', 'valley', 'north', 'south', 'east', 'west'];
const PLACES = ['canberra', 'thunder', 'thornhill', 'silverstate', 'cobra', 'cardiff', 'eaton', 'jjs', 'campbelltown', 'tamworth', 'albury', 'wagga', 'newcastle', 'perth', 'ballarat', 'geelong', 'darwin', 'hobart', 'cairns', 'mackay'];

function day(offset: number): string {
  return new Date(Date.UTC(2016, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** 5,000 tracks with realistic names and 100 events each over ten years, one in ten multi-day. */
function loadedIndex(): { index: CatalogueIndex; slugs: string[] } {
  const rng = seededRng(486677);
  const index = new CatalogueIndex();
  const slugs: string[] = [];
  for (let t = 0; t < TRACKS; t++) {
    const name = `${rng.pick(PLACES)} ${rng.pick(WORDS)} ${rng.pick(WORDS)} ${t}`.replace(/\b\w/g, (c) => c.toUpperCase());
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    slugs.push(slug);
    const track: TrackRecord = { source: 'liverc', slug, name, status: 'idle', last_activity: null, current_event: null, active: rng.bool(0.8), first_seen_at_ms: 0, last_seen_at_ms: 0 };
    index.upsertTrack(track);
  }
  for (let e = 0; e < EVENTS; e++) {
    const start = rng.int(0, 3650);
    const event: EventRecord = { source: 'liverc', source_event_id: String(100_000 + e), track_slug: slugs[e % TRACKS]!, name: `Event ${e}`, date_start: day(start), date_end: day(start + (rng.bool(0.1) ? rng.int(1, 4) : 0)), entries: null, drivers: null, total_race_laps: null, ingest_depth: 'none', last_ingested_at_ms: null, races: null, laps: null };
    index.upsertEvent(event);
  }
  return { index, slugs };
}

function timeQueries(run: (i: number) => number): { p50: number; p95: number; p99: number; results: number } {
  let results = 0;
  for (let i = 0; i < 200; i++) run(i);
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const start = performance.now();
    results += run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), p99: round(percentile(times, 99)), results };
}

export const livercTypeaheadBench: BenchEntry = {
  name: 'liverc track typeahead, 5,000 tracks (ms, p95)',
  target: { value: 10, better: 'lower' },
  async run() {
    const { index } = loadedIndex();
    const rng = seededRng(1);
    // What an admin types: one to three words, the last one partial.
    const queries = Array.from({ length: 256 }, () => {
      const words = [rng.pick(PLACES), rng.pick(WORDS)].slice(0, rng.int(1, 2));
      const last = words.pop()!;
      return [...words, last.slice(0, rng.int(1, last.length))].join(' ');
    });
    const t = timeQueries((i) => index.searchTracks(queries[i % queries.length]!, 20).length);
    return { value: t.p95, unit: 'ms', detail: { tracks: TRACKS, queries: QUERIES, limit: 20, p50_ms: t.p50, p99_ms: t.p99, mean_hits: Math.round(t.results / QUERIES) } };
  },
};

export const livercHeldBetweenBench: BenchEntry = {
  name: 'liverc events held between two dates, 500,000 events (ms, p95)',
  target: { value: 40, better: 'lower' },
  async run() {
    const { index, slugs } = loadedIndex();
    const rng = seededRng(2);
    // Each track's list is sorted on first use; do that for all, so the figure is the steady state.
    const sortStart = performance.now();
    for (const slug of slugs) index.eventsBetween(slug, '2000-01-01', '2000-01-01');
    const firstUse = performance.now() - sortStart;
    const windows = Array.from({ length: 512 }, () => {
      const from = rng.int(0, 3650);
      return { slug: rng.pick(slugs), from: day(from), to: day(from + rng.int(0, 90)) };
    });
    const t = timeQueries((i) => {
      const w = windows[i % windows.length]!;
      return index.eventsBetween(w.slug, w.from, w.to).length;
    });
    return { value: t.p95, unit: 'ms', detail: { tracks: TRACKS, events: EVENTS, queries: QUERIES, window_days: '0-90', p50_ms: t.p50, p99_ms: t.p99, mean_hits: round(t.results / QUERIES), first_use_sort_all_ms: Math.round(firstUse) } };
  },
};

/**
 * The connector with no spacing between requests. The config refuses min_interval_ms under 500
 * for real use, so this builds the HTTP client from a validated config with the gap set to 0
 * afterwards and parses pages the way the connector does: benchmark only.
 */
function unspacedConnector(hosts: { catalogue: string; track: string }): LiveRcConnector {
  const config = { ...parseLiveRcConfig({ contact: 'bench@example.org', hosts }), min_interval_ms: 0 };
  const client = createLiveRcHttpClient(config);
  const urls = liveRcUrls(hosts);
  const fetchPage = async <K extends PageKind>(kind: K, url: string) => {
    const r = await client.get(url, kind);
    return { kind, url: r.url, fetched_at_ms: r.fetched_at_ms, from_cache: r.from_cache, html: r.body, page: parsePage(kind, r.body, { url: r.url }) };
  };
  return {
    trackList: () => fetchPage('track-list', urls.trackList()),
    dashboard: (slug) => fetchPage('dashboard', urls.dashboard(slug)),
    eventList: (slug) => fetchPage('event-list', urls.eventList(slug)),
    event: (slug, id) => fetchPage('event', urls.event(slug, id)),
    entryList: (slug, id) => fetchPage('entry-list', urls.entryList(slug, id)),
    raceResult: (slug, id) => fetchPage('race-result', urls.raceResult(slug, id)),
    onRequest: (listener) => client.onRequest(listener),
    close: () => client.close(),
  };
}

const RUNS = 3;

export const livercImportCpuBench: BenchEntry = {
  name: 'liverc import of a 32-race event, CPU time (ms, median)',
  target: { value: 1_500, better: 'lower' },
  async run() {
    const nats = await startNatsServer();
    const fake = await startFakeLiveRc();
    const nc = await connect({ servers: nats.url });
    const connector = unspacedConnector(fake.hosts);
    try {
      let slug: string = CANBERRA.slug;
      let eventId: string = CANBERRA.event_id;
      let source = 'event 486677 (2 saved race pages, 30 built)';
      if (hasCanberraFiles()) serveCanberra(fake);
      else {
        const synth = syntheticEvent({ event_id: '486677', slug: 'benchtrack', track_name: 'Bench Raceway', name: 'Bench Cup', date_start: '2025-11-16', classes: [{ class_name: '1/8 Nitro Buggy', drivers: 30 }, { class_name: '1/8 Electric Buggy', drivers: 30 }, { class_name: 'Junior', drivers: 10 }], rounds: 3 });
        slug = synth.slug;
        eventId = synth.event_id;
        source = `synthetic ${synth.races.length}-race event (../shared absent)`;
        serveEvent(fake, slug, eventId, eventSite(synth));
        fake.page(slug, PATHS.eventList, `<html><body><table id="events"><thead><tr><th>Event Name</th><th>Date</th><th># Entries</th><th># Drivers</th></tr></thead><tbody><tr><td><a href="/results/?p=view_event&id=${eventId}">Bench Cup</a></td><td><span class="hidden">2025-11-16 08:00:00</span>Nov 16, 2025</td><td>70</td><td>70</td></tr></tbody></table></body></html>`);
      }
      fake.page('live', PATHS.trackList, `<html><body><table class="track_list"><thead><tr><th>Status</th><th>Track Name</th></tr></thead><tbody><tr><td><i class="status_0"></i></td><td><a href="//${slug}.liverc.com/"><strong>Bench</strong></a></td></tr></tbody></table></body></html>`);
      const ingestion = await LiveRcIngestion.open({ nc, connector, store: { maxBytes: 256 * 1024 * 1024 } });
      await ingestion.syncTracks();
      await ingestion.refreshEvents(slug);
      const jsm = await jetstreamManager(nc);
      // Everything an import writes, emptied before each run so every run writes it all again.
      const written = [BUCKETS.drivers, BUCKETS.entries, BUCKETS.races, BUCKETS.raceDrivers, BUCKETS.results, BUCKETS.laps].map((b) => `KV_${b}`).concat(`OBJ_${PAGES_BUCKET}`);
      const measure = async (): Promise<{ cpu: number; wall: number; report: Awaited<ReturnType<typeof ingestion.importEvent>> }> => {
        const requests = fake.requests.length;
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        const report = await ingestion.importEvent(eventId, { reingest: true });
        const wall = performance.now() - start;
        const used = process.cpuUsage(cpuStart);
        if (fake.requests.length - requests < report.races) throw new Error('the import was not fetched from the fake LiveRC');
        return { cpu: (used.user + used.system) / 1000, wall, report };
      };
      await measure();
      const cpu: number[] = [];
      const wall: number[] = [];
      const again: number[] = [];
      let report = (await measure()).report;
      for (let i = 0; i < RUNS; i++) {
        for (const stream of written) await jsm.streams.purge(stream);
        const run = await measure();
        cpu.push(run.cpu);
        wall.push(run.wall);
        report = run.report;
        // The same import once more: nothing changed, so nothing is written.
        again.push((await measure()).cpu);
      }
      cpu.sort((a, b) => a - b);
      wall.sort((a, b) => a - b);
      return {
        value: Math.round(cpu[Math.floor(RUNS / 2)]!),
        unit: 'ms',
        detail: { input: source, races: report.races, results: report.results, laps: report.laps, runs: RUNS, statistic: 'median', wall_ms: Math.round(wall[Math.floor(RUNS / 2)]!), unchanged_reimport_cpu_ms: Math.round(again.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!), spacing_ms: 0, includes: 'fetch, parse, KV writes, and the in-process fake serving the pages; nats-server is another process' },
      };
    } finally {
      await connector.close();
      await nc.close();
      await fake.stop();
      await nats.stop();
    }
  },
};

export const LIVERC_INGEST_BENCHES: readonly BenchEntry[] = [livercTypeaheadBench, livercHeldBetweenBench, livercImportCpuBench];
