/** @module Builds envelope logs for engine tests: decoder records as the intake logs them, intents as the control API logs them. */
import { CONTRACT_VERSION, parseIntentArgs, type Envelope, type IntentName } from '../../shared/contracts/index.ts';
import { ulidFactory } from '../../shared/ids/index.ts';
import { encodeRecord, toHex, type P3Record } from '../../shared/p3/index.ts';
import { seededRng } from '../../shared/random/index.ts';

export class RaceLog {
  readonly envelopes: Envelope[] = [];
  private readonly nextId: () => string;
  private seq = 0;
  /** Box clock of the last envelope, µs; records without a time of their own take it. */
  private clockUs = 1_761_855_000_000_000;

  /**
   * With `wire`, records are as a real decoder's reach the log: a passing's signal strength and
   * hits, a status's voltage and GPS, and every record's frame bytes in `raw_hex`, so what reads
   * the log reads what a box's log holds.
   */
  constructor(seed = 1, private readonly bootId = '01JBOOT0000000000000000000', private readonly wire = false) {
    const rng = seededRng(seed);
    let ms = 1_761_855_000_000;
    this.nextId = ulidFactory(() => ms++, (n) => rng.bytes(n));
  }

  private push(message_type: Envelope['message_type'], captured_at_us: number, payload: Record<string, unknown>): Envelope {
    this.clockUs = Math.max(this.clockUs, captured_at_us);
    const envelope: Envelope = { id: this.nextId(), contract_version: CONTRACT_VERSION, track_id: 'test-track', client_id: 'box-1', boot_id: this.bootId, seq: ++this.seq, captured_at_us, message_type, payload };
    this.envelopes.push(envelope);
    return envelope;
  }

  /** A decoded record as the intake logs it; received on the box `receivedAtUs` (default: its RTC time minus `offsetUs`). */
  record(record: P3Record, receivedAtUs?: number): Envelope {
    const rtc = 'rtc_time_us' in record ? record.rtc_time_us : undefined;
    const at = receivedAtUs ?? rtc ?? this.clockUs;
    return this.push(record.type as Envelope['message_type'], at, { record, raw_hex: this.wire ? toHex(encodeRecord(record)) : '', received_at_us: at });
  }

  /** A passing at decoder time `rtcUs`, arriving on the box at `rtcUs - offsetUs` (+ latency). */
  passing(decoderId: number, passingNumber: number, transponder: number, rtcUs: number, offsetUs = 0, latencyUs = 2000): Envelope {
    const signal = this.wire ? { strength: 90 + ((transponder + passingNumber) % 40), hits: 20 + ((transponder * 7 + passingNumber) % 60) } : {};
    const record: P3Record = { type: 'PASSING', tor: 1, version: 2, crc_ok: true, decoder_id: decoderId, passing_number: passingNumber, transponder, rtc_time_us: rtcUs, ...signal, flags: 0 };
    return this.record(record, rtcUs - offsetUs + latencyUs);
  }

  /** A GET_TIME answer from a decoder whose clock is `offsetUs` ahead of the box at box time `boxUs`. */
  getTime(decoderId: number, boxUs: number, offsetUs: number): Envelope {
    const record: P3Record = { type: 'GET_TIME', tor: 0x24, version: 2, crc_ok: true, decoder_id: decoderId, rtc_time_us: boxUs + offsetUs };
    return this.record(record, boxUs);
  }

  status(decoderId: number, atUs: number): Envelope {
    const power = this.wire ? { input_voltage: 120, gps: 0 } : {};
    return this.record({ type: 'STATUS', tor: 2, version: 2, crc_ok: true, decoder_id: decoderId, noise: 40, temperature: 22, ...power }, atUs);
  }

  /** An intent as the control API logs it: arguments validated and defaults filled in. */
  intent(intent: IntentName, args: unknown, atUs: number, by = 'tester'): Envelope {
    return this.push('CONTROL', atUs, { intent, by, at_us: atUs, args: parseIntentArgs(intent, args) });
  }

  /** A CONTROL envelope exactly as given, for refused-intent tests. */
  rawControl(payload: Record<string, unknown>, atUs: number): Envelope {
    return this.push('CONTROL', atUs, payload);
  }
}
