/** @module Checks start and staging options up front, so a bad value fails with a message naming it instead of a strange decoder. */
import type { SecondsRange, SimulatorOptions } from './types.ts';

export function formatDecoderId(id: number): string {
  return '0x' + id.toString(16).toUpperCase().padStart(8, '0');
}

const isUint = (value: number, max: number) => Number.isSafeInteger(value) && value >= 0 && value <= max;

export function checkOptions(options: SimulatorOptions): void {
  const { tcpPort, serialPath, speed, count, decoderId, firstPassingNumber, baudRate } = options;
  if (tcpPort === undefined && serialPath === undefined) throw new TypeError('simulator needs tcpPort or serialPath');
  if (tcpPort !== undefined && !isUint(tcpPort, 65_535)) throw new RangeError(`tcpPort ${tcpPort} is not a port number`);
  if (speed !== undefined && !(Number.isFinite(speed) && speed > 0)) throw new RangeError(`speed ${speed} must be a positive number`);
  if (count !== undefined && !isUint(count, Number.MAX_SAFE_INTEGER)) throw new RangeError(`count ${count} must be a non-negative integer`);
  if (decoderId !== undefined && !isUint(decoderId, 0xffff_ffff)) throw new RangeError(`decoderId ${decoderId} does not fit in 32 bits`);
  if (firstPassingNumber !== undefined && !isUint(firstPassingNumber, 0xffff_ffff)) {
    throw new RangeError(`firstPassingNumber ${firstPassingNumber} does not fit in 32 bits`);
  }
  if (baudRate !== undefined && !(Number.isSafeInteger(baudRate) && baudRate > 0)) throw new RangeError(`baudRate ${baudRate} must be a positive integer`);
  if (typeof options.scenario === 'object' && options.clockOffsetUs !== undefined) {
    throw new RangeError('clockOffsetUs does not apply to a replay: the decoder keeps the clock of its capture');
  }
  if (typeof options.scenario === 'object' && options.stateFile !== undefined) {
    throw new RangeError('stateFile does not apply to a replay: the capture brings its own decoder id and passing numbers');
  }
}

/**
 * The transponders a box staged, checked before anything is re-planned. The PASSING
 * transponder field is 4 bytes (p3-protocol.md §1.5), so larger numbers cannot go out.
 */
export function checkField(transponders: readonly number[], max: number, noun: string): number[] {
  if (!Array.isArray(transponders)) throw new TypeError(`stageField needs an array of transponders, got ${String(transponders)}`);
  if (transponders.length === 0 || transponders.length > max) {
    throw new RangeError(`stageField needs 1 to ${max} ${noun}, got ${transponders.length}`);
  }
  const seen = new Set<number>();
  for (const t of transponders) {
    if (!isUint(t, 0xffff_ffff) || t === 0) throw new RangeError(`transponder ${String(t)} is not a positive integer of at most 32 bits`);
    if (seen.has(t)) throw new RangeError(`transponder ${t} is staged twice`);
    seen.add(t);
  }
  return [...transponders];
}

/** A [min, max] seconds option, or its default; `positive` refuses a zero minimum. */
export function checkRange(range: SecondsRange | undefined, fallback: SecondsRange, name: string, positive = false): SecondsRange {
  if (range === undefined) return fallback;
  const [min, max] = Array.isArray(range) && range.length === 2 ? range : [NaN, NaN];
  const lowest = positive ? 'above 0' : '0 or more';
  if (!(Number.isFinite(min) && Number.isFinite(max) && (positive ? min > 0 : min >= 0) && min <= max)) {
    throw new RangeError(`${name} must be [min, max] seconds with min ${lowest} and min <= max, got ${JSON.stringify(range)}`);
  }
  return [min, max];
}
