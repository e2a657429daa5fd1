/** @module Starts and stops the appliance: log first, then the decoder link and HTTP server; SIGTERM flushes and exits cleanly. */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { ApplianceStatus } from '../../shared/contracts/status.ts';
import { createLogger } from '../../shared/log/index.ts';
import type { FinishReason } from '../../shared/race/index.ts';
import { createDecoderLink, type DecoderLink } from '../decoder/index.ts';
import { EnvelopeLog, pruneSynced } from '../log/index.ts';
import { ControlDesk } from '../race/control-desk.ts';
import { resolveControlToken, type ControlToken } from '../race/control-token.ts';
import { RaceHost } from '../race/race-host.ts';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { planSync, startSync } from '../sync/index.ts';
import { LiveFeed } from './live-feed.ts';
import { openBoxLiveHub } from './live-hub.ts';
import { followStagedRaces } from './race-day.ts';
import { decoderSources, type ApplianceConfig } from './config.ts';
import { createHttpApp } from './http.ts';
import { Intake } from './intake.ts';
import { IntakeFlow } from './intake-flow.ts';
import { askAgainForHoles } from './resend-holes.ts';
import { BoxMetrics } from './metrics.ts';
import { processStats } from './status.ts';
import { readProblems } from '../firstboot/problems.ts';
import { createNotifier } from './systemd-notify.ts';
import { localUrl } from './listen-urls.ts';
import { StartupUndo } from './startup-undo.ts';

const log = createLogger('appliance');
const DAY_US = 86_400_000_000;
/** Built by `npm run build:web`; served as the scoreboard (/) and race control (/control/). */
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface RunningAppliance {
  url: string;
  port: number;
  decoderSource: string;
  /** The operator token race control needs. */
  controlToken: string;
  /** Where that token came from (config, the kept file, or made at this start), for the start-up banner. */
  control: ControlToken;
  host: RaceHost;
  simulator: Simulator | undefined;
  status(): ApplianceStatus;
  stop(): Promise<void>;
}

export async function startAppliance(config: ApplianceConfig): Promise<RunningAppliance> {
  const undo = new StartupUndo(log);
  try {
    return await boot(config, undo);
  } catch (error) {
    // A taken port or a bad host must not leave the log locked and the simulator running:
    // close what is open, newest first, so the process exits and a restart works at once.
    await undo.run();
    throw error;
  }
}

async function boot(config: ApplianceConfig, undo: StartupUndo): Promise<RunningAppliance> {
  const startedAtUs = Date.now() * 1000;
  // The token file is read before anything is opened: a missing one stops the start cleanly.
  const syncPlan = planSync(config.sync);
  const notifier = createNotifier();
  undo.add('systemd notifier', () => notifier.close());
  const metrics = new BoxMetrics();
  const envelopeLog = await EnvelopeLog.open({
    dir: join(config.data_dir, 'log'),
    trackId: config.track_id,
    clientId: config.client_id,
    limits: { minFreeBytes: config.log.min_free_bytes, ...(config.log.max_bytes ? { maxLogBytes: config.log.max_bytes } : {}) },
  });
  undo.add('envelope log', () => envelopeLog.close());

  // Before anything appends: the engine catches up with the log, then follows its commits.
  const { host } = await RaceHost.start({ log: envelopeLog, dir: join(config.data_dir, 'engine'), keepDays: config.engine.keep_days, onDamage: config.engine.on_damage });
  undo.add('race engine', () => host.stop());
  const control = await resolveControlToken(config.control.token, config.data_dir);
  if (control.source === 'generated') log.warn('made an operator token for race control', { file: control.file });
  const desk = new ControlDesk(envelopeLog, host);

  let simulator: Simulator | undefined;
  let sources = decoderSources(config.decoder.source);
  if (sources[0] === 'simulator') {
    // waitForHost: the built-in track only runs while the box listens, so no passing goes out unheard.
    simulator = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: config.simulator.scenario, speed: config.simulator.speed, stateFile: join(config.data_dir, 'simulator-state.json'), waitForHost: true });
    undo.add('decoder simulator', () => simulator?.stop());
    sources = [`tcp://127.0.0.1:${simulator.port}`];
    followStagedRaces(host, simulator, { raceSeconds: config.simulator.race_seconds, lapSeconds: config.simulator.lap_seconds, firstCrossingSeconds: config.simulator.first_crossing_seconds });
  }
  const source = sources.join(',');

  // One link per decoder (a BMX track's hill and finish decoders): one intake, so the log holds them in arrival order.
  const links: DecoderLink[] = sources.map((s) => createDecoderLink({ source: s, baudRate: config.decoder.baud_rate, idleTimeoutMs: config.decoder.idle_timeout_ms }));
  const link = links[0]!;
  const intake = new Intake({
    log: envelopeLog,
    onAppended: metrics.observeAppend,
    lastLogged: envelopeLog.highestPassingNumbers(),
    ...(config.decoder.resend ? { requestResend: (decoderId: number, from: number, until: number) => void links.find((l) => l.status().decoder_id === decoderId)?.requestResend(from, until) } : {}),
  });
  // accept() hands the record to the log synchronously, so log order is arrival order; not
  // waiting for one fsync before the next record lets a burst share batches (group commit),
  // while the flow holds the links once too many records wait for the disk.
  const flow = new IntakeFlow(links);
  if (config.decoder.resend) for (const l of links) askAgainForHoles(l, () => envelopeLog.openHoles(), () => envelopeLog.highestPassingNumbers());
  for (const l of links) {
    const linkSource = l.status().source;
    l.on('record', (decoded, receivedAtUs) => {
      flow.track(intake.accept(decoded, receivedAtUs, linkSource).catch((error: Error) => log.error('record not logged', { err: error })));
    });
  }

  const sync = startSync(syncPlan, envelopeLog);
  undo.add('cloud sync', () => sync.stop());

  // Written by `mre appliance firstboot` (a bad config file on the boot partition), which may run again while the box is up.
  let firstboot = await readProblems(config.data_dir);
  const status = (): ApplianceStatus => ({
    track_id: config.track_id,
    client_id: config.client_id,
    boot_id: envelopeLog.bootId,
    started_at_us: startedAtUs,
    decoder: { ...link.status(), resend_enabled: config.decoder.resend },
    decoders: links.map((l) => l.status()),
    last_passing: intake.lastPassing ?? null,
    intake: { ...intake.counts, flow: flow.stats() },
    log: envelopeLog.stats(),
    engine: { applied_lsn: host.lastAppliedLsn },
    live: hub.stats(),
    sync: sync.status(),
    process: processStats(),
    firstboot,
  });

  const feed = new LiveFeed(host.engine, status, { perSecond: config.live.passings_per_second, burst: Math.max(config.live.passings_per_second, 100) });
  await feed.load(envelopeLog);
  const { hub, track } = openBoxLiveHub({ trackId: config.track_id, snapshot: (channel, eventId) => feed.snapshot(channel, eventId), onFanout: metrics.observeFanout });
  feed.attach(track, host);
  undo.add('live feed', async () => {
    feed.stop();
    await hub.close();
  });

  metrics.watch({ status, bySource: () => intake.bySource, live: () => hub.stats(), passingsSkipped: () => feed.passingsSkipped });

  const app = createHttpApp({ log: envelopeLog, status, metrics: metrics.registry, race: { engine: host.engine, archive: host.archive, desk, token: control.token }, results: { engine: host.engine, archive: host.archive, clubName: config.club.name, timeZone: config.club.time_zone }, live: hub, liveMaxClients: config.live.max_clients, webDist: WEB_DIST, hostnames: config.http.hostnames });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.http.port, hostname: config.http.host, websocket: { server: hub.wss } }, () => resolve(s));
    s.once('error', (error) => reject(new Error(`cannot listen on ${config.http.host}:${config.http.port}: ${error.message}`)));
  });
  undo.add('HTTP server', () => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  for (const l of links) l.start();
  undo.add('decoder links', () => Promise.all(links.map((l) => l.stop())));

  const prune = async () => {
    try {
      const removed = await pruneSynced(envelopeLog, Date.now() * 1000 - config.log.retention_days * DAY_US);
      if (removed > 0) log.info('pruned synced envelopes', { removed, retention_days: config.log.retention_days });
    } catch (error) {
      log.error('prune failed', { err: error as Error });
    }
  };
  // At start as well as hourly: a box that is switched off every evening must still prune.
  const initialPrune = prune();
  const timers = [
    setInterval(() => void envelopeLog.refreshDisk().catch((e: Error) => log.error('disk check failed', { err: e })), 5000),
    setInterval(() => void prune(), 3_600_000),
    // A moto with a rider down never sees its last finish: the box closes it at max time, as a logged
    // intent; an automatic practice likewise once the track has been quiet for its period.
    setInterval(() => closeOverdue(host, desk), 1000),
    setInterval(() => void readProblems(config.data_dir).then((found) => (firstboot = found)), 5000),
  ];
  for (const t of timers) t.unref();

  const url = localUrl(config.http.host, port);
  log.info('appliance started', { url, decoder: config.decoder.source === 'simulator' ? `simulator (${source})` : source, data_dir: config.data_dir, boot_id: envelopeLog.bootId });
  notifier.ready(`logging to ${config.data_dir}`);

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    decoderSource: source,
    controlToken: control.token,
    control,
    host,
    simulator,
    status,
    stop: () =>
      (stopping ??= (async () => {
        notifier.stopping();
        for (const t of timers) clearInterval(t);
        // The built-in decoder stops first and hangs up: the link reads every passing it sent.
        await simulator?.stop();
        await Promise.all(links.map((l) => l.stop()));
        intake.stop();
        await sync.stop();
        await initialPrune;
        feed.stop();
        await hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive connections from browsers would otherwise hold the close open.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        await envelopeLog.flush();
        await host.stop();
        await envelopeLog.close();
        notifier.close();
        log.info('appliance stopped', { last_seq: envelopeLog.stats().last_seq });
      })()),
  };
}

const OVERDUE_WHY: Partial<Record<FinishReason, string>> = { max_time: 'maximum race time', overtime: 'overtime over', quiet: 'track quiet' };

function closeOverdue(host: RaceHost, desk: ControlDesk): void {
  for (const { race_id, reason } of host.engine.overdue(Date.now() * 1000)) {
    desk.submit('race.force_finish', { race_id, reason: OVERDUE_WHY[reason] ?? reason }, 'system').catch((error: Error) => log.warn('overdue race not closed', { race_id, err: error }));
  }
}
