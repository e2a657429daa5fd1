/** @module The decoder simulator: a process that speaks real P3 as a decoder does, over TCP or a serial line, for demos and tests. */
export { startSimulator, DEFAULT_DECODER_ID } from './simulator.ts';
export { StateFileError } from './state-file.ts';
export { MAX_CLIENTS } from './tcp-server.ts';
export { GATE_TRANSPONDER } from './scenarios/bmx-motos.ts';
export { SCENARIO_NAMES } from './scenarios/index.ts';
export { formatDecoderId } from './options.ts';
export type { ScenarioChoice, ScenarioName, SecondsRange, Simulator, SimulatorOptions, StageOptions } from './types.ts';
