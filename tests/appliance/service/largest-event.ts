/** @module The largest event.setup the caps allow: every list full and every text at its limit, in three-byte characters when `wide`. */
import { EVENT_CAPS } from '../../../shared/contracts/control.ts';

const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(6, '0')}`.padEnd(64, 'x');

export function largestEvent(eventId: string, wide = true): Record<string, unknown> {
  const text = (n: number, i = 0) => (wide ? '名'.repeat(n) : `${i}`.padEnd(n, 'n'));
  return {
    event_id: eventId,
    name: text(100),
    date: '2026-12-05',
    classes: Array.from({ length: EVENT_CAPS.classes }, (_, i) => ({ class_id: id('c', i), name: text(60, i), format: 'bmx' })),
    riders: Array.from({ length: EVENT_CAPS.riders }, (_, i) => ({
      rider_id: id('r', i),
      name: text(80, i),
      plate: text(8, i),
      class_id: id('c', i % EVENT_CAPS.classes),
      transponders: Array.from({ length: EVENT_CAPS.transponders_per_rider }, (_, j) => 4_000_000_000 + i * EVENT_CAPS.transponders_per_rider + j),
    })),
    decoders: Array.from({ length: EVENT_CAPS.decoders }, (_, i) => ({ decoder_id: 4_000_000_000 + i, name: text(40, i), role: i === 0 ? 'start' : 'finish', clock_offset_us: -9_007_199_254_740_991 })),
  };
}
