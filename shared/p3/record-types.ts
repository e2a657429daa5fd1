/** @module The decoded record: one flat, JSON-ready object per frame, with the names `mre decode` prints. */

export interface P3RecordBase {
  /** `PASSING`, `STATUS`, … or `TOR_0x001C` for a type without a name. */
  type: string;
  tor: number;
  version: number;
  crc_ok: boolean;
  decoder_id?: number;
  controller_id?: number;
  request_id?: string;
  /** Fields sent with length 0: in a request, the values asked for. */
  requested?: string[];
  /** Fields this codec does not name, by `0x11` style id, as hex. */
  unknown_fields?: Record<string, string>;
  /** Why a refused frame was refused (only on frames with `crc_ok: false`). */
  error?: string;
}

export interface PassingRecord extends P3RecordBase {
  type: 'PASSING';
  passing_number?: number;
  transponder?: number;
  transponder_code?: string;
  rtc_time_us?: number;
  utc_time_us?: number;
  strength?: number;
  hits?: number;
  flags?: number;
}

export interface StatusRecord extends P3RecordBase {
  type: 'STATUS';
  noise?: number;
  gps?: number;
  temperature?: number;
  satellites_in_use?: number;
  input_voltage?: number;
  loop_triggers?: number;
}

export interface VersionRecord extends P3RecordBase {
  type: 'VERSION';
  decoder_type?: number;
  description?: string;
  firmware_version?: string;
  release?: number;
  registration?: string;
  build_number?: number;
  options?: number;
}

export interface ResendRecord extends P3RecordBase {
  type: 'RESEND';
  from?: number;
  until?: number;
}

export interface ClearPassingRecord extends P3RecordBase {
  type: 'CLEAR_PASSING';
}

export interface GetTimeRecord extends P3RecordBase {
  type: 'GET_TIME';
  rtc_time_us?: number;
  utc_time_us?: number;
  flags?: number;
}

export interface ErrorRecord extends P3RecordBase {
  type: 'ERROR';
  error_code?: number;
  description?: string;
}

export interface GenericRecord extends P3RecordBase {
  type: `TOR_0x${string}`;
}

export type P3Record =
  | PassingRecord
  | StatusRecord
  | VersionRecord
  | ResendRecord
  | ClearPassingRecord
  | GetTimeRecord
  | ErrorRecord
  | GenericRecord;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A record to encode: `crc_ok` is the decoder's verdict, so it is optional here. */
export type P3RecordInput = DistributiveOmit<P3Record, 'crc_ok'> & { crc_ok?: boolean };
