/** @module Stream shell tests: bytes piped through P3DecodeStream come out as decoded frames, refused ones only when asked. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeRecord, P3DecodeStream, type DecodedFrame } from '../../../shared/p3/index.ts';

async function collect(stream: P3DecodeStream, chunks: Uint8Array[]): Promise<DecodedFrame[]> {
  const out: DecodedFrame[] = [];
  await new Promise<void>((resolve, reject) => {
    Readable.from(chunks.map((c) => Buffer.from(c))).pipe(stream).on('data', (d: DecodedFrame) => out.push(d)).on('end', resolve).on('error', reject);
  });
  return out;
}

describe('p3 stream', () => {
  const good = encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: 1 });
  const bad = Uint8Array.from(good);
  bad[12] = bad[12]! ^ 0xff;

  it('p3 stream - emits decoded frames across chunk boundaries', async () => {
    const frames = await collect(new P3DecodeStream(), [good.subarray(0, 7), good.subarray(7), bad]);
    expect(frames.map((f) => f.record)).toMatchObject([{ type: 'PASSING', passing_number: 1, crc_ok: true }]);
  });

  it('p3 stream - passes refused frames on only with includeBad', async () => {
    const frames = await collect(new P3DecodeStream({ includeBad: true }), [good, bad]);
    expect(frames.map((f) => f.record.crc_ok)).toEqual([true, false]);
  });

  it('p3 stream - reports a frame cut off by the end of the stream', async () => {
    const stream = new P3DecodeStream({ includeBad: true });
    const frames = await collect(stream, [good.subarray(0, 10)]);
    expect(frames.map((f) => f.frame.fault)).toEqual(['truncated']);
    expect(stream.decoder.counts.badByFault).toEqual({ truncated: 1 });
  });
});
