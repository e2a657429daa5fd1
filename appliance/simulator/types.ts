/** @module The simulator's public shapes: start options, the running handle, and what a scenario hands the pacer. */
import type { P3Record, PassingRecord } from '../../shared/p3/index.ts';

export type ScenarioName = 'rc-practice' | 'bmx-motos' | 'burst';
export type ScenarioChoice = ScenarioName | { replay: string };

export interface SimulatorOptions {
  /** Listen for TCP clients on this port (0 picks a free one). */
  tcpPort?: number;
  /** Address to listen on; default 127.0.0.1 here, the CLI passes 0.0.0.0. */
  host?: string;
  /** Or write to this serial device / pty. */
  serialPath?: string;
  /** Default 115200. No public source documents P3 serial settings (p3-protocol.md §2). */
  baudRate?: number;
  scenario: ScenarioChoice;
  /** Time multiplier: 10 runs ten times faster than a real decoder. Default 1. */
  speed?: number;
  decoderId?: number;
  /** JSON file holding the next passing number, so numbers persist across runs. */
  stateFile?: string;
  /** First passing number when there is no state file. Default 100000. */
  firstPassingNumber?: number;
  /** Stop generating passings after this many; STATUS continues. */
  count?: number;
  seed?: number;
  /** Host clock in ms; default Date.now. */
  clock?: () => number;
  /**
   * The scenario runs only while a TCP host is connected: scenario time stands still while
   * nobody listens, so no passing goes out unheard. For a simulator that is part of the box
   * (the built-in one), whose track should not race on while the box is down. STATUS,
   * clock and requests are unaffected.
   */
  waitForHost?: boolean;
  /** Passings kept for RESEND, newest first (default 50,000). */
  holdPassings?: number;
  /** How far the decoder's clock is off the host clock, µs. Default 0. Not for a replay, which keeps its capture's clock. */
  clockOffsetUs?: number;
}

export interface Simulator {
  /** Bound TCP port, when serving TCP. */
  readonly port?: number;
  /** The id in every record: the option, a replayed capture's, or the scenario's default. */
  readonly decoderId: number;
  /** Passings generated so far (sent, or held while silenced). */
  readonly passingsSent: number;
  readonly lastPassingNumber?: number;
  clients(): number;
  /** Destroys every client socket and keeps listening. */
  dropClients(): void;
  /** Stops / restarts generating passings; STATUS continues. */
  pause(): void;
  resume(): void;
  /** Sends nothing at all while on. Passings still happen and stay available to RESEND. */
  silence(on: boolean): void;
  /** Consumes `n` passing numbers without sending them, as lost frames would. */
  dropPassings(n: number): void;
  stop(): Promise<void>;
  on(event: 'passing', fn: (record: PassingRecord) => void): void;
  /**
   * Race day: the scenario now follows what the box staged.
   * bmx-motos: the next moto uses exactly these riders (at most 8): the gate marker goes out after `gateDelaySeconds` (default [3, 6]) of simulated time from now, each rider finishes `raceSeconds` (default [30, 45]) after the gate. Once a field has been staged, the scenario stops running random motos of its own: it waits for the next stageField.
   * rc-practice: from now on the cars are exactly these transponders (first crossings spread over `firstCrossingSeconds` (default [2, 8])), each lapping in `lapSeconds` (default [14, 22]) with the same double and missed read rates.
   * Other scenarios (burst, replay): throws an Error saying staging needs bmx-motos or rc-practice.
   */
  stageField(transponders: number[], options?: StageOptions): void;
}

/** Simulated seconds as [min, max]; each value is drawn uniformly from the range. */
export type SecondsRange = [number, number];

export interface StageOptions {
  gateDelaySeconds?: SecondsRange;
  raceSeconds?: SecondsRange;
  lapSeconds?: SecondsRange;
  firstCrossingSeconds?: SecondsRange;
}

/** How a generated passing is laid out on the wire (p3-protocol.md §1.5, observed layouts). */
export type PassingLayout = 'rc' | 'prochip-rider' | 'prochip-gate';

export interface GeneratedPassing {
  layout: PassingLayout;
  transponder: number;
  transponder_code?: string;
  strength?: number;
  hits?: number;
}

/** Scenario time `atUs` is simulated µs since the scenario started. */
export type ScenarioEvent =
  | { kind: 'passing'; atUs: number; passing: GeneratedPassing }
  /** A captured frame, re-sent byte for byte (replay); `rtcUs` is the decoder time it carries, if any. */
  | { kind: 'frame'; atUs: number; raw: Uint8Array; record: P3Record; rtcUs?: number };

/** Which kind of decoder the scenario imitates: picks STATUS layout, VERSION type and default id. */
export type DecoderProfile = 'rc' | 'prochip';

export interface Scenario {
  readonly name: string;
  readonly profile: DecoderProfile;
  /** A decoder id the scenario brings along (a capture's), used when the options give none. */
  readonly decoderId?: number;
  /** The decoder's clock at scenario time 0, µs, when the scenario brings its own (a capture's); else the host's clock is used. */
  readonly clockStartUs?: number;
  /** False: as fast as the link takes them, ignoring `atUs` for pacing (burst). */
  readonly paced: boolean;
  /** True when the scenario's own frames include STATUS (replay), so the ticker waits for its end. */
  readonly carriesStatus: boolean;
  /**
   * The next event in time order; 'idle' when there is nothing until the scenario is staged
   * again; undefined when there are no more.
   */
  next(): ScenarioEvent | 'idle' | undefined;
  /**
   * Re-plans from scenario time `nowUs` around the staged transponders; events not yet
   * returned by next() are replaced. Throws, changing nothing, when the field or an option is bad.
   */
  stage?(transponders: readonly number[], nowUs: number, options: StageOptions): void;
}

/** What a link asks the simulator for. */
export interface LinkHandlers {
  /** The frame for a freshly connected TCP client; undefined sends nothing. */
  hello(): Uint8Array | undefined;
  /** Frames answering one record the host sent. */
  answer(record: P3Record, peer: string): Uint8Array[];
  /** The number of connected TCP hosts changed. */
  clients?(count: number): void;
}

/** A way out to the host: the TCP server or the serial line. */
export interface Link {
  send(bytes: Uint8Array): void;
  /** Settles once the link has room again, so a burst cannot buffer without bound. */
  ready(): Promise<void>;
  close(): Promise<void>;
}
