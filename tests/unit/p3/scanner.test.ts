/** @module Streaming decoder tests: any chunking gives the same frames; noise, faults and resync never lose an intact frame. */
import { describe, expect, it } from 'vitest';
import { decodeAll, encodeFrame, encodeRecord, p3Crc, P3Decoder, toHex, type DecodedFrame } from '../../../shared/p3/index.ts';
import { randomRecord } from '../../support/p3-records.ts';
import { seededRng } from '../../../shared/random/index.ts';

function session(count: number, seed: number): Uint8Array {
  const rng = seededRng(seed);
  return Buffer.concat(Array.from({ length: count }, () => encodeRecord(randomRecord(rng))));
}

/** What the decoder reported, as comparable text: good and bad frames in order, with raw bytes. */
function transcript(chunks: Uint8Array[]): string[] {
  const lines: string[] = [];
  const note = (tag: string) => (d: DecodedFrame) => lines.push(`${tag} ${toHex(d.frame.raw)} ${JSON.stringify(d.record)}`);
  const decoder = new P3Decoder({ onRecord: note('good'), onBad: note('bad') });
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return lines;
}

function passingFrame(passingNumber: number): Uint8Array {
  return encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: passingNumber, transponder: 1234567, rtc_time_us: 1551542808933000, decoder_id: 0x41813 });
}

describe('p3 scanner', () => {
  const bytes = session(40, 1);
  const whole = transcript([bytes]);

  it('p3 scanner - finds every frame of a session fed whole', () => {
    expect(whole).toHaveLength(40);
    expect(whole.every((line) => line.startsWith('good '))).toBe(true);
  });

  it('p3 scanner - gives identical output fed byte by byte', () => {
    expect(transcript(Array.from(bytes, (b) => Uint8Array.of(b)))).toEqual(whole);
  });

  it('p3 scanner - gives identical output split in two at every offset', () => {
    const small = session(6, 2);
    const expected = transcript([small]);
    for (let at = 0; at <= small.length; at++) {
      expect(transcript([small.subarray(0, at), small.subarray(at)])).toEqual(expected);
    }
  });

  it('p3 scanner - gives identical output for random chunk sizes', () => {
    const rng = seededRng(3);
    for (let run = 0; run < 50; run++) {
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = rng.int(1, 97);
        chunks.push(bytes.slice(at, at + size));
        at += size;
      }
      expect(transcript(chunks)).toEqual(whole);
    }
  });

  it('p3 scanner - keeps each frame\'s raw wire bytes, escapes included', () => {
    // 0x8F8E8D in the RTC time travels as 8d af 8d ae 8d ad.
    const wire = encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: 1, rtc_time_us: 0x8f8e8d, decoder_id: 0x8d });
    expect(toHex(wire)).toContain('8dad8dae8daf');
    const { good } = decodeAll(Buffer.concat([Buffer.from('noise'), wire]));
    expect(toHex(good[0]!.frame.raw)).toBe(toHex(wire));
    expect(good[0]!.frame.bytes.length).toBe(wire.length - 4);
    expect(good[0]!.record).toMatchObject({ rtc_time_us: 0x8f8e8d, decoder_id: 0x8d });
  });

  it('p3 scanner - skips noise before a frame and counts it', () => {
    const { good, counts } = decodeAll(Buffer.concat([Buffer.from('ZX1ZPTFVQ\r\n'), passingFrame(7)]));
    expect(good.map((d) => d.record)).toMatchObject([{ type: 'PASSING', passing_number: 7 }]);
    expect(counts.junkBytes).toBe(11);
  });

  it('p3 scanner - drops a frame with a bad CRC and decodes the good frame after it', () => {
    const broken = Uint8Array.from(passingFrame(8));
    broken[20] = broken[20]! ^ 0x01;
    const { good, bad, counts } = decodeAll(Buffer.concat([broken, passingFrame(9)]));
    expect(good.map((d) => d.record.type === 'PASSING' && d.record.passing_number)).toEqual([9]);
    expect(bad[0]!.frame.fault).toBe('crc');
    expect(bad[0]!.record.crc_ok).toBe(false);
    expect(counts.badByFault).toEqual({ crc: 1 });
  });

  it('p3 scanner - a frame that lost its end is refused as truncated, the next frame is kept', () => {
    const cut = passingFrame(10).subarray(0, 30);
    const { good, bad } = decodeAll(Buffer.concat([cut, passingFrame(11)]));
    expect(bad.map((d) => d.frame.fault)).toEqual(['truncated']);
    expect(toHex(bad[0]!.frame.raw)).toBe(toHex(cut));
    expect(good).toHaveLength(1);
  });

  it('p3 scanner - a frame with no end within the size limit is refused as too long, then resyncs', () => {
    const endless = new Uint8Array(3000).fill(0x41);
    endless[0] = 0x8e;
    const { good, bad } = decodeAll(Buffer.concat([endless, passingFrame(12)]));
    expect(bad.map((d) => d.frame.fault)).toEqual(['too_long']);
    expect(good).toHaveLength(1);
  });

  it('p3 scanner - an escape byte followed by a byte no sender produces refuses the frame', () => {
    const frame = Buffer.from(passingFrame(13));
    const broken = Buffer.concat([frame.subarray(0, 15), Buffer.from([0x8d, 0x05]), frame.subarray(15)]);
    const { good, bad } = decodeAll(Buffer.concat([broken, passingFrame(14)]));
    expect(bad.map((d) => d.frame.fault)).toEqual(['escape']);
    expect(good).toHaveLength(1);
  });

  it('p3 scanner - an escape right before a start byte cannot swallow the next frame', () => {
    const { good, bad } = decodeAll(Buffer.concat([Buffer.from([0x8e, 0x02, 0x8d]), passingFrame(15)]));
    expect(bad.map((d) => d.frame.fault)).toEqual(['truncated']);
    expect(good).toHaveLength(1);
  });

  it('p3 scanner - refuses a LENGTH that disagrees with the frame but accepts LENGTH 0 from host tools', () => {
    const spec = { tor: 0x24, version: 0, fields: [{ id: 1, value: new Uint8Array(0) }] };
    const zeroLength = Buffer.from(encodeFrame(spec));
    zeroLength.writeUInt16LE(0, 2);
    // Re-stamp the CRC over the frame as sent, as the host tool did.
    zeroLength.writeUInt16LE(p3Crc(zeroLength), 4);
    expect(decodeAll(zeroLength).good).toHaveLength(1);
    const wrong = Buffer.from(zeroLength);
    wrong.writeUInt16LE(40, 2);
    wrong.writeUInt16LE(p3Crc(wrong), 4);
    expect(decodeAll(wrong).bad.map((d) => d.frame.fault)).toEqual(['length']);
  });

  it('p3 scanner - refuses a frame too short to hold a header', () => {
    expect(decodeAll(Uint8Array.of(0x8e, 0x02, 0x05, 0x00, 0x8f)).bad.map((d) => d.frame.fault)).toEqual(['short']);
  });

  it('p3 scanner - reports a frame still open at end of input as truncated', () => {
    const decoder = new P3Decoder({ onRecord: () => undefined });
    decoder.push(passingFrame(16).subarray(0, 20));
    expect(decoder.counts.frames).toBe(0);
    decoder.end();
    expect(decoder.counts.badByFault).toEqual({ truncated: 1 });
  });
});
