/** @module Replays a real capture at its recorded pace: frames re-sent byte for byte, gaps taken from their RTC timestamps. */
import { readFile } from 'node:fs/promises';
import { hexTextToBytes, P3Decoder, type DecodedFrame } from '../../../shared/p3/index.ts';
import { STATUS_INTERVAL_MS } from '../status.ts';
import type { DecoderProfile, Scenario, ScenarioEvent } from '../types.ts';

const STATUS_GAP_US = STATUS_INTERVAL_MS * 1000;

/** Raw bytes, or hex text when the name ends in .hex or .txt (how the shared fixtures are stored). */
export async function readCapture(path: string): Promise<Uint8Array> {
  const bytes = await readFile(path);
  return /\.(hex|txt)$/i.test(path) ? hexTextToBytes(bytes.toString('utf8')) : bytes;
}

function timestamp({ record }: DecodedFrame): number | undefined {
  if (!record.crc_ok) return undefined;
  return record.type === 'PASSING' || record.type === 'GET_TIME' ? record.rtc_time_us : undefined;
}

/**
 * Scenario times for every frame. Only PASSING (and GET_TIME) frames carry a time; the
 * frames between two of them are spread evenly across the gap, and frames before the
 * first or after the last follow the 5 s STATUS cadence. A clock that steps back is held.
 */
export function frameTimes(frames: readonly DecodedFrame[]): number[] {
  const anchors: number[] = [];
  const times: number[] = [];
  let origin: number | undefined;
  let high = -Infinity;
  frames.forEach((frame, i) => {
    const t = timestamp(frame);
    if (t === undefined) return;
    // Relative to the first timestamp: 16-digit µs values lose fractions in float arithmetic.
    origin ??= t;
    high = Math.max(high, t - origin);
    times[i] = high;
    anchors.push(i);
  });
  if (anchors.length === 0) return frames.map((_, i) => i * STATUS_GAP_US);
  const first = anchors[0]!;
  const last = anchors[anchors.length - 1]!;
  for (let i = 0; i < first; i++) times[i] = (i - first) * STATUS_GAP_US;
  for (let i = last + 1; i < frames.length; i++) times[i] = times[last]! + (i - last) * STATUS_GAP_US;
  for (let a = 0; a + 1 < anchors.length; a++) {
    const [j, k] = [anchors[a]!, anchors[a + 1]!];
    for (let i = j + 1; i < k; i++) times[i] = times[j]! + Math.round(((times[k]! - times[j]!) * (i - j)) / (k - j));
  }
  const start = times[0]!;
  return times.map((t) => t - start);
}

export async function replay(path: string): Promise<Scenario> {
  const frames: DecodedFrame[] = [];
  // Refused frames go out too: a replay re-sends what the capture holds, faults included.
  const decoder = new P3Decoder({ onRecord: (d) => frames.push(d), onBad: (d) => frames.push(d) });
  decoder.push(await readCapture(path));
  decoder.end();
  if (frames.length === 0) throw new Error(`replay capture ${path} holds no P3 frame`);
  const times = frameTimes(frames);
  // The decoder's clock at scenario time 0: the capture's first RTC time, less the capture time before it.
  const firstTimed = frames.findIndex((f) => timestamp(f) !== undefined);
  const clockStartUs = firstTimed < 0 ? undefined : timestamp(frames[firstTimed]!)! - times[firstTimed]!;
  const decoderId = frames.find((f) => f.record.decoder_id !== undefined)?.record.decoder_id;
  const status = frames.find((f) => f.record.type === 'STATUS')?.record;
  const profile: DecoderProfile = status && 'satellites_in_use' in status ? 'prochip' : 'rc';
  let i = 0;
  return {
    name: 'replay',
    profile,
    ...(decoderId === undefined ? {} : { decoderId }),
    ...(clockStartUs === undefined ? {} : { clockStartUs }),
    paced: true,
    carriesStatus: true,
    next(): ScenarioEvent | undefined {
      const frame = frames[i];
      if (!frame) return undefined;
      const rtcUs = timestamp(frame);
      return { kind: 'frame', atUs: times[i++]!, raw: frame.frame.raw, record: frame.record, ...(rtcUs === undefined ? {} : { rtcUs }) };
    },
  };
}
