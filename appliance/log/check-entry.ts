/** @module What an appended entry must bring from outside the log, checked before it reaches the writer. */
import { messageTypeSchema } from '../../shared/contracts/index.ts';
import type { LogEntry } from './types.ts';

const knownTypes = new Set<string>();

/** What an entry brings from outside the log: a message type, whole microseconds, an object payload. */
export function checkEntry(entry: LogEntry): void {
  if (!knownTypes.has(entry.message_type)) {
    messageTypeSchema.parse(entry.message_type);
    knownTypes.add(entry.message_type);
  }
  if (!Number.isSafeInteger(entry.captured_at_us) || entry.captured_at_us < 0) {
    throw new TypeError(`captured_at_us must be whole microseconds since 1970, got ${entry.captured_at_us}`);
  }
  if (typeof entry.payload !== 'object' || entry.payload === null || Array.isArray(entry.payload)) {
    throw new TypeError('payload must be a JSON object');
  }
}
