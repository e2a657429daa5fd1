/** @module startSimulator: a P3 decoder in a process, wiring scenario, pacer, passing counter, STATUS and the TCP/serial links. */
import { TOR, type PassingRecord } from '../../shared/p3/index.ts';
import { createLogger } from '../../shared/log/index.ts';
import { DecoderClock } from './decoder-clock.ts';
import { helloFrame, passingFrame, type PassingValues } from './frames.ts';
import { PassingHistory } from './history.ts';
import { Outbox } from './outbox.ts';
import { checkOptions, formatDecoderId } from './options.ts';
import { Pacer } from './pacer.ts';
import { answerRequest, type RequestContext } from './requests.ts';
import { seededRng } from '../../shared/random/index.ts';
import { createScenario } from './scenarios/index.ts';
import { openSerialLink } from './serial-writer.ts';
import { openDecoderState } from './state-file.ts';
import { statusSource, StatusTicker } from './status.ts';
import { startTcpServer, type TcpLink } from './tcp-server.ts';
import type { DecoderProfile, Link, LinkHandlers, ScenarioEvent, Simulator, SimulatorOptions } from './types.ts';

const log = createLogger('appliance:simulator');

/** The ids of the decoders in the reference captures: an AMBrc (M) and a ProChip (A-G). */
export const DEFAULT_DECODER_ID: Readonly<Record<DecoderProfile, number>> = { rc: 0x00041813, prochip: 0x000c00d0 };

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  checkOptions(options);
  const speed = options.speed ?? 1;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const scenario = await createScenario(options.scenario, seed);
  const history = new PassingHistory(options.holdPassings);
  // One decoder whatever the scenario: the state file keeps its id and where its numbers are.
  const { decoderId, counter, journal } = await openDecoderState({
    path: options.stateFile,
    first: options.firstPassingNumber ?? 100_000,
    configuredId: options.decoderId,
    defaultId: scenario.decoderId ?? DEFAULT_DECODER_ID[scenario.profile],
    history,
  });
  const listeners: ((record: PassingRecord) => void)[] = [];

  const rtc = new DecoderClock(options.clock ?? Date.now, options.clockOffsetUs ?? 0, speed);
  // A replayed capture keeps its own clock: a 2019 session answers GET_TIME with 2019 times.
  if (scenario.clockStartUs !== undefined) rtc.set(scenario.clockStartUs);

  let silenced = false;
  let stopping = false;
  let passingsSent = 0;
  let lastPassingNumber: number | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const links: Link[] = [];
  const broadcast = (bytes: Uint8Array) => {
    if (!silenced) for (const link of links) link.send(bytes);
  };
  const outbox = new Outbox(journal, broadcast);
  const flush = (): void => {
    try {
      outbox.flush();
    } catch (error) {
      log.error('passings not journaled, scenario stopped', { error: error as Error });
      pacer.finish();
    }
  };
  /** Anything but a passing: after the passings before it. */
  const send = (bytes: Uint8Array): void => {
    flush();
    broadcast(bytes);
  };

  const ctx: RequestContext = { profile: scenario.profile, decoderId: () => decoderId, rtcNowUs: () => rtc.nowUs(scenario.profile), history, log };
  // Paused by the caller, or held while no host listens (waitForHost).
  let pausedByCaller = false;
  // Only TCP tells the simulator whether anyone listens; a serial line is always taken as heard.
  let held = options.waitForHost === true && options.tcpPort !== undefined;
  const applyPause = () => (pausedByCaller || held ? pacer.pause() : pacer.resume());
  const handlers: LinkHandlers = {
    hello: () => (silenced ? undefined : helloFrame(decoderId)),
    answer(record, peer) {
      // A passing asked for again has gone out once before.
      flush();
      return silenced ? [] : answerRequest(record, peer, ctx);
    },
    clients(count) {
      if (!options.waitForHost || stopping) return;
      held = count === 0;
      applyPause();
    },
  };

  const nextStatus = statusSource(scenario.profile, decoderId, seededRng(seed ^ 0x5747));
  const ticker = new StatusTicker(speed, () => send(nextStatus()));

  const sent = (record: PassingRecord, raw: Uint8Array) => {
    passingsSent++;
    lastPassingNumber = record.passing_number;
    if (record.passing_number !== undefined) history.add(record.passing_number, raw);
    // On disk before any host can have it, so a restart knows it was sent.
    outbox.passing(raw);
    for (const fn of listeners) {
      try {
        fn(record);
      } catch (error) {
        // A listener's failure cannot take the decoder down.
        log.error('passing listener failed', { error: error as Error });
      }
    }
  };

  const deliver = (event: ScenarioEvent, shiftUs: number): void => {
    if (event.kind === 'frame') {
      if (event.rtcUs !== undefined) rtc.set(event.rtcUs);
      if (event.record.type === 'PASSING' && event.record.crc_ok) sent(event.record, event.raw);
      else send(event.raw);
    } else {
      const { layout, ...passing } = event.passing;
      const rtcTimeUs = rtc.atUs(event.atUs, shiftUs, layout === 'rc' ? 'rc' : 'prochip');
      const values: PassingValues = { passing_number: counter.take(), ...passing, rtc_time_us: rtcTimeUs, flags: 0, decoder_id: decoderId };
      sent({ type: 'PASSING', tor: TOR.PASSING, version: 2, crc_ok: true, ...values }, passingFrame(layout, values));
    }
    if (options.count !== undefined && passingsSent >= options.count) pacer.finish();
  };

  const pacer: Pacer = new Pacer(scenario, speed, {
    prepare(event) {
      if (event.kind !== 'passing') return undefined;
      if (!counter.needsReserve(1)) return void counter.prefetch();
      inFlight = counter.reserve(1).catch((error: Error) => {
        log.error('passing number not saved, scenario stopped', { error });
        pacer.finish();
      });
      return inFlight;
    },
    deliver(event, shiftUs) {
      try {
        deliver(event, shiftUs);
      } catch (error) {
        log.error('scenario stopped by a failure', { error: error as Error });
        pacer.finish();
      }
    },
    flush,
    ready: () => Promise.all(links.map((l) => l.ready())).then(() => undefined),
    ended() {
      flush();
      if (stopping) return;
      log.info('scenario ended', { scenario: scenario.name, passings: passingsSent, last_passing_number: lastPassingNumber });
      // A capture brings its own STATUS frames; once it is over the decoder keeps reporting.
      if (scenario.carriesStatus) ticker.start();
    },
  });

  let tcp: TcpLink | undefined;
  try {
    if (options.tcpPort !== undefined) links.push((tcp = await startTcpServer(options.host ?? '127.0.0.1', options.tcpPort, handlers, log)));
    if (options.serialPath !== undefined) links.push(await openSerialLink(options.serialPath, options.baudRate ?? 115_200, handlers, log));
  } catch (error) {
    await Promise.all(links.map((l) => l.close()));
    throw error;
  }

  log.info('simulating', {
    scenario: scenario.name, decoder_id: formatDecoderId(decoderId), speed, seed, next_passing_number: counter.next, count: options.count,
  });
  if (!scenario.carriesStatus) ticker.start();
  if (options.count === 0) pacer.finish();
  else {
    applyPause();
    pacer.start();
  }

  return {
    port: tcp?.port,
    decoderId,
    get passingsSent() {
      return passingsSent;
    },
    get lastPassingNumber() {
      return lastPassingNumber;
    },
    clients: () => tcp?.clients() ?? 0,
    dropClients: () => tcp?.dropClients(),
    pause() {
      pausedByCaller = true;
      applyPause();
    },
    resume() {
      pausedByCaller = false;
      applyPause();
    },
    silence(on) {
      if (on !== silenced) log.info(on ? 'silenced, sending nothing' : 'sending again');
      silenced = on;
    },
    dropPassings(n) {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`dropPassings needs a non-negative integer, got ${n}`);
      counter.consume(n);
      log.debug('passing numbers dropped', { dropped: n, next_passing_number: counter.next });
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      pacer.finish();
      ticker.stop();
      await inFlight;
      await Promise.all(links.map((l) => l.close()));
      await counter.close();
      journal?.close();
      log.info('stopped', { passings: passingsSent, next_passing_number: counter.next });
    },
    on(event, fn) {
      if (event === 'passing') listeners.push(fn);
    },
    stageField(transponders, stageOptions = {}) {
      if (!scenario.stage) throw new Error(`staging a field needs the bmx-motos or rc-practice scenario, this decoder runs ${scenario.name}`);
      const nowUs = pacer.nowUs();
      scenario.stage(transponders, nowUs, stageOptions);
      pacer.replan();
      log.info('field staged', { scenario: scenario.name, transponders, scenario_time_s: Math.round(nowUs / 1000) / 1000 });
    },
  };
}
