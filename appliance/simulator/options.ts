/** @module Checks start options up front, so a bad value fails with a message naming it instead of a strange decoder. */
import type { SimulatorOptions } from './types.ts';

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
}
