/** @module STATUS values as decoders report them (p3-protocol.md §1.6), drifting slowly, and the 5 s cadence they come on. */
import { statusFrame } from './frames.ts';
import type { Rng } from '../../shared/random/index.ts';
import type { DecoderProfile } from './types.ts';

/** Real decoders send STATUS every 4.9-5.1 s unasked (three captures, §1.6). */
export const STATUS_INTERVAL_MS = 5000;

/** Ranges seen in captures: RC noise 6-58, temperature 22-40, 12 V supply in 0.1 V; ProChip noise 53-62, 10-16 °C. */
const RANGES = {
  rc: { noise: [15, 45], temperature: [24, 38] },
  prochip: { noise: [53, 62], temperature: [10, 16] },
} as const;

function clamp(value: number, [min, max]: readonly [number, number]): number {
  return Math.min(max, Math.max(min, value));
}

/** Builds successive STATUS frames for one decoder. */
export function statusSource(profile: DecoderProfile, decoderId: number, rng: Rng): () => Uint8Array {
  const range = RANGES[profile];
  let noise = rng.int(range.noise[0], range.noise[1]);
  let temperature = rng.int(range.temperature[0], range.temperature[1]);
  return () => {
    // Noise jumps between reads; temperature creeps, as a box warming in the sun does.
    noise = clamp(noise + rng.int(-4, 4), range.noise);
    if (rng.bool(0.1)) temperature = clamp(temperature + rng.pick([-1, 1]), range.temperature);
    if (profile === 'rc') {
      return statusFrame('rc', { noise, temperature, input_voltage: rng.int(118, 122), gps: 0, decoder_id: decoderId });
    }
    return statusFrame('prochip', { noise, temperature, gps: 1, satellites_in_use: 0, decoder_id: decoderId });
  };
}

/** Calls `send` every STATUS interval scaled by speed, until stopped. */
export class StatusTicker {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly speed: number,
    private readonly send: () => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(this.send, Math.max(1, STATUS_INTERVAL_MS / this.speed));
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
