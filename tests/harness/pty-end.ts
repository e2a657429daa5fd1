/** @module One end of a pty opened like a serial port: buffered exact-length reads, writes, hang-up detection. */
import { constants, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import tty from 'node:tty';

export interface PtyEnd {
  /** Resolves with exactly `count` bytes, keeping any surplus for the next read. One read at a time. */
  read(count: number): Promise<Buffer>;
  write(bytes: Uint8Array | string): Promise<void>;
  /** Settles when the other side goes away (socat stopped or killed). */
  hungUp: Promise<void>;
  /** Releases both descriptors. Idempotent. */
  close(): Promise<void>;
}

/** Opens `path` read/write without making it our controlling terminal, as a serial library would. */
export async function openPtyEnd(path: string): Promise<PtyEnd> {
  // libuv makes the reading descriptor non-blocking, so writes get a descriptor of their own.
  const writer = await open(path, constants.O_WRONLY | constants.O_NOCTTY);
  const reader = new tty.ReadStream(openSync(path, constants.O_RDONLY | constants.O_NOCTTY));
  let buffered = Buffer.alloc(0);
  let ended = false;
  let wake: (() => void) | undefined;
  reader.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    wake?.();
  });
  const hungUp = new Promise<void>((resolve) => {
    const end = (): void => {
      ended = true;
      wake?.();
      resolve();
    };
    // A vanished master shows up as EOF (EIO from read), or as an error on some kernels.
    reader.once('end', end).on('error', end).once('close', end);
  });
  let closed = false;
  return {
    async read(count) {
      while (buffered.length < count) {
        if (ended) throw new Error(`pty ${path} hung up after ${buffered.length} of ${count} bytes`);
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const out = buffered.subarray(0, count);
      buffered = buffered.subarray(count);
      return out;
    },
    async write(bytes) {
      await writer.write(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
    },
    hungUp,
    async close() {
      if (closed) return;
      closed = true;
      reader.destroy();
      await writer.close();
    },
  };
}
