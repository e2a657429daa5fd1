/** @module `mre simulate`: a P3 decoder on a TCP port or serial line, for demos and tests, until SIGINT/SIGTERM. */
import { createLogger } from '../../shared/log/index.ts';
import { formatDecoderId, SCENARIO_NAMES, startSimulator, type ScenarioChoice, type ScenarioName } from '../../appliance/simulator/index.ts';
import { parseCommandArgs, UsageError } from '../command.ts';

const log = createLogger('cli:simulate');

function integer(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new UsageError(`${flag} needs an integer from ${min} to ${max}, got "${text}"`);
  return value;
}

function scenarioFrom(name: string | undefined, file: string | undefined, positionals: string[]): ScenarioChoice {
  if (name === 'replay' || (name === undefined && file !== undefined)) {
    if (file !== undefined && positionals.length > 0) throw new UsageError('give the replay capture once: --file FILE or --scenario replay FILE');
    const path = file ?? positionals[0];
    if (path === undefined) throw new UsageError('--scenario replay needs a capture: --file FILE');
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
    return { replay: path };
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (file !== undefined) throw new UsageError('--file is only for --scenario replay');
  const chosen = name ?? 'rc-practice';
  if (!(SCENARIO_NAMES as readonly string[]).includes(chosen)) {
    throw new UsageError(`unknown scenario "${chosen}" (choose ${SCENARIO_NAMES.join(', ')} or replay)`);
  }
  return chosen as ScenarioName;
}

export async function runSimulate(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      tcp: { type: 'string' }, serial: { type: 'string' }, host: { type: 'string' }, baud: { type: 'string' },
      scenario: { type: 'string' }, file: { type: 'string' }, speed: { type: 'string' }, count: { type: 'string' },
      seed: { type: 'string' }, state: { type: 'string' }, 'decoder-id': { type: 'string' }, 'wait-for-host': { type: 'boolean' }, hold: { type: 'string' },
    },
    true,
  );
  const v = parsed.values;
  if ((v.tcp === undefined) === (v.serial === undefined)) throw new UsageError('give exactly one of --tcp PORT or --serial PATH');
  const speed = v.speed === undefined ? undefined : Number(v.speed);
  if (speed !== undefined && !(Number.isFinite(speed) && speed > 0)) throw new UsageError(`--speed needs a positive number, got "${v.speed}"`);
  const scenario = scenarioFrom(v.scenario, v.file, parsed.positionals);
  // Only TCP tells the decoder whether a host listens; a serial line is always taken as heard.
  if (v['wait-for-host'] === true && v.tcp === undefined) throw new UsageError('--wait-for-host is for --tcp: a serial line cannot tell whether a host listens');
  if (typeof scenario === 'object' && v.state !== undefined) throw new UsageError('--state is not for a replay: the capture brings its own decoder id and passing numbers');
  const host = v.host ?? '0.0.0.0';

  const simulator = await startSimulator({
    scenario,
    tcpPort: integer('--tcp', v.tcp, 0, 65_535),
    host,
    serialPath: v.serial,
    baudRate: integer('--baud', v.baud, 1, 10_000_000),
    speed,
    count: integer('--count', v.count, 0, Number.MAX_SAFE_INTEGER),
    seed: integer('--seed', v.seed, 0, 0xffff_ffff),
    stateFile: v.state,
    decoderId: integer('--decoder-id', v['decoder-id'], 0, 0xffff_ffff),
    waitForHost: v['wait-for-host'] === true,
    holdPassings: integer('--hold', v.hold, 1, 10_000_000),
  });
  const name = typeof scenario === 'string' ? scenario : `replay of ${scenario.replay}`;
  const where = simulator.port !== undefined ? `tcp://${host}:${simulator.port}` : `serial ${v.serial}`;
  log.info(`simulating ${name} on ${where} (decoder ${formatDecoderId(simulator.decoderId)})`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (received: NodeJS.Signals) => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      resolve(received);
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
  log.info('stopping', { signal });
  await simulator.stop();
  return 0;
}
