/** @module A Transform stream over the decoder, for piping a socket or serial port: bytes in, decoded frames out. */
import { Transform, type TransformCallback } from 'node:stream';
import { P3Decoder, type DecodedFrame } from './decoder.ts';

export interface P3DecodeStreamOptions {
  /** Also pass refused frames downstream (their record has `crc_ok: false`). */
  includeBad?: boolean;
}

export class P3DecodeStream extends Transform {
  readonly decoder: P3Decoder;

  constructor(options: P3DecodeStreamOptions = {}) {
    super({ readableObjectMode: true });
    const push = (decoded: DecodedFrame) => void this.push(decoded);
    this.decoder = new P3Decoder({ onRecord: push, ...(options.includeBad ? { onBad: push } : {}) });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.decoder.push(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    this.decoder.end();
    done();
  }
}
