/**
 * @module A track's log made as the box would make it, now: an RC event set up, a long timed heat
 * staged and started, then passings of its cars, each envelope stamped with the true moment it is
 * made (`captured_at_us`) and the decoder's time equal to it. For the cloud benchmarks that need live
 * traffic with known capture times.
 */
import { performance } from 'node:perf_hooks';
import { CONTRACT_VERSION, parseIntentArgs, type Envelope, type IntentName } from '../../shared/contracts/index.ts';
import { ulid } from '../../shared/ids/index.ts';

/** Wall-clock µs, finer than Date.now(): the same clock on both ends of a latency. */
export const nowUs = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

const DECODER = 4_020;

export class LiveTrackLog {
  readonly bootId = ulid();
  #seq = 0;
  #passing = 0;
  readonly #transponders: number[];

  constructor(
    readonly trackId: string,
    readonly clientId: string,
    readonly riders = 20,
  ) {
    this.#transponders = Array.from({ length: riders }, (_, i) => 5_100_001 + i);
  }

  #envelope(message_type: Envelope['message_type'], payload: Record<string, unknown>, at = nowUs()): Envelope {
    return { id: ulid(), contract_version: CONTRACT_VERSION, track_id: this.trackId, client_id: this.clientId, boot_id: this.bootId, seq: ++this.#seq, captured_at_us: at, message_type, payload };
  }

  #intent(intent: IntentName, args: unknown): Envelope {
    const at = nowUs();
    return this.#envelope('CONTROL', { intent, by: 'bench', at_us: at, args: parseIntentArgs(intent, args) }, at);
  }

  /** The event set up and a timed heat of `durationMs` started; no minimum lap, so every passing counts. */
  raceStart(durationMs = 3_600_000): Envelope[] {
    const eventId = `${this.trackId}-bench`;
    const riders = this.#transponders.map((t, i) => ({ rider_id: `car-${i + 1}`, name: `Car ${i + 1}`, class_id: 'buggy', transponders: [t] }));
    return [
      this.#intent('event.setup', { event_id: eventId, name: `Bench night at ${this.trackId}`, classes: [{ class_id: 'buggy', name: '2WD Buggy', format: 'timed' }], riders }),
      this.#intent('race.stage', { event_id: eventId, race_id: 'heat-1', format: 'timed', class_id: 'buggy', name: 'Heat 1', duration_ms: durationMs, min_lap_ms: 0, lineup: riders.map((r) => ({ rider_id: r.rider_id })) }),
      this.#intent('race.start', { race_id: 'heat-1' }),
    ];
  }

  /** The next car over the line, now. */
  passing(): Envelope {
    const at = nowUs();
    const number = ++this.#passing;
    const record = { type: 'PASSING', tor: 1, version: 2, crc_ok: true, decoder_id: DECODER, passing_number: number, transponder: this.#transponders[number % this.riders]!, rtc_time_us: at, strength: 120, hits: 30, flags: 0 };
    return this.#envelope('PASSING', { record, raw_hex: '', received_at_us: at }, at);
  }
}

/** The envelope id a derived event came from: its id is the envelope's plus `-<index>`. */
export const sourceEnvelopeId = (eventId: string): string => eventId.slice(0, eventId.lastIndexOf('-'));
