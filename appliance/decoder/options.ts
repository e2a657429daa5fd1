/** @module Link options with their defaults filled in and checked, so a typo fails at start-up rather than in the retry loop. */
import { createLogger, type Logger } from '../../shared/log/index.ts';
import { parseSource, type DecoderSource } from './source.ts';
import type { DecoderLinkOptions } from './types.ts';

export interface LinkSettings {
  source: string;
  target: DecoderSource;
  baudRate: number;
  idleTimeoutMs: number;
  maxBackoffMs: number;
  connectTimeoutMs: number;
  now: () => number;
  log: Logger;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`decoder link option ${name} must be a positive number, got ${value}`);
  return value;
}

export function resolveOptions(options: DecoderLinkOptions): LinkSettings {
  return {
    source: options.source,
    target: parseSource(options.source),
    // P3-over-serial settings are undocumented (p3-protocol.md §2): 115200 is a guess the config can override.
    baudRate: positive('baudRate', options.baudRate, 115_200),
    // STATUS arrives about every 5 s (p3-protocol.md §1.6): three missed in a row means a dead link.
    idleTimeoutMs: positive('idleTimeoutMs', options.idleTimeoutMs, 15_000),
    maxBackoffMs: positive('maxBackoffMs', options.maxBackoffMs, 5000),
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs, 5000),
    now: options.now ?? (() => Date.now() * 1000),
    log: options.logger ?? createLogger('appliance:link'),
  };
}
