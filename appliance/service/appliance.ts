/** @module Starts and stops the appliance: log first, then the decoder link and HTTP server; SIGTERM flushes and exits cleanly. */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createLogger } from '../../shared/log/index.ts';
import { createDecoderLink, type DecoderLink } from '../decoder/index.ts';
import { EnvelopeLog, pruneSynced } from '../log/index.ts';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import type { ApplianceConfig } from './config.ts';
import { createHttpApp } from './http.ts';
import { Intake } from './intake.ts';
import type { ApplianceStatus } from './status.ts';
import { createNotifier } from './systemd-notify.ts';

const log = createLogger('appliance');
const DAY_US = 86_400_000_000;

export interface RunningAppliance {
  url: string;
  port: number;
  decoderSource: string;
  status(): ApplianceStatus;
  stop(): Promise<void>;
}

export async function startAppliance(config: ApplianceConfig): Promise<RunningAppliance> {
  const startedAtUs = Date.now() * 1000;
  const notifier = createNotifier();
  const envelopeLog = await EnvelopeLog.open({
    dir: join(config.data_dir, 'log'),
    trackId: config.track_id,
    clientId: config.client_id,
    limits: { minFreeBytes: config.log.min_free_bytes, ...(config.log.max_bytes ? { maxLogBytes: config.log.max_bytes } : {}) },
  });

  let simulator: Simulator | undefined;
  let source = config.decoder.source;
  if (source === 'simulator') {
    simulator = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: config.simulator.scenario, speed: config.simulator.speed, stateFile: join(config.data_dir, 'simulator-state.json') });
    source = `tcp://127.0.0.1:${simulator.port}`;
  }

  const link: DecoderLink = createDecoderLink({ source, baudRate: config.decoder.baud_rate, idleTimeoutMs: config.decoder.idle_timeout_ms });
  const intake = new Intake({
    log: envelopeLog,
    lastLogged: envelopeLog.highestPassingNumbers(),
    ...(config.decoder.resend ? { requestResend: (from: number, until: number) => void link.requestResend(from, until) } : {}),
  });
  // accept() hands the record to the log synchronously, so log order is arrival order; not
  // waiting for one fsync before the next record lets a burst share batches (group commit).
  link.on('record', (decoded, receivedAtUs) => {
    intake.accept(decoded, receivedAtUs).catch((error: Error) => log.error('record not logged', { err: error }));
  });

  const status = (): ApplianceStatus => ({
    track_id: config.track_id,
    client_id: config.client_id,
    boot_id: envelopeLog.bootId,
    started_at_us: startedAtUs,
    decoder: { ...link.status(), resend_enabled: config.decoder.resend },
    last_passing: intake.lastPassing ?? null,
    intake: { ...intake.counts },
    log: envelopeLog.stats(),
  });

  const app = createHttpApp({ log: envelopeLog, status });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.http.port, hostname: config.http.host }, () => resolve(s));
    s.once('error', (error) => reject(new Error(`cannot listen on ${config.http.host}:${config.http.port}: ${error.message}`)));
  });
  const port = (server.address() as AddressInfo).port;
  link.start();

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
  ];
  for (const t of timers) t.unref();

  const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
  const url = `http://${host}:${port}`;
  log.info('appliance started', { url, decoder: config.decoder.source === 'simulator' ? `simulator (${source})` : source, data_dir: config.data_dir, boot_id: envelopeLog.bootId });
  notifier.ready(`logging to ${config.data_dir}`);

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    decoderSource: source,
    status,
    stop: () =>
      (stopping ??= (async () => {
        notifier.stopping();
        for (const t of timers) clearInterval(t);
        await link.stop();
        await initialPrune;
        await envelopeLog.close();
        await simulator?.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive connections from browsers would otherwise hold the close open.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        notifier.close();
        log.info('appliance stopped', { last_seq: envelopeLog.stats().last_seq });
      })()),
  };
}
