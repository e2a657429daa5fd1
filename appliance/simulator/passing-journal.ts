/** @module The passings a decoder sent, appended as raw P3 frames next to its state file: RESEND after a restart, and the exact last number after a crash. */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { P3Decoder } from '../../shared/p3/index.ts';
import type { PassingHistory } from './history.ts';

/** `decoder-state.json` keeps its passings in `decoder-state.passings.p3`. */
export function journalPath(statePath: string): string {
  return `${statePath.replace(/\.json$/i, '')}.passings.p3`;
}

function readJournal(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}

/**
 * Each frame is written before it goes out on any link (see Outbox). Writes reach the kernel at once, so
 * a killed process leaves every sent passing in the file; only a power cut can lose its tail,
 * which is why the state file's reservation, not this file, guards against reuse across boots.
 */
export class PassingJournal {
  private fd: number;
  private frames: number;

  private constructor(
    private readonly path: string,
    private readonly history: PassingHistory,
    frames: number,
  ) {
    this.frames = frames;
    this.fd = openSync(path, 'a');
  }

  /**
   * Loads the held passings of `decoderId` into `history` and opens the file for appending.
   * `last` is the number of the last one written. A frame torn by a crash is skipped.
   */
  static open(path: string, decoderId: number, history: PassingHistory): { journal: PassingJournal; last: number | undefined } {
    let last: number | undefined;
    let frames = 0;
    const decoder = new P3Decoder({
      onRecord: ({ record, frame }) => {
        if (record.type !== 'PASSING' || record.decoder_id !== decoderId || record.passing_number === undefined) return;
        frames++;
        last = record.passing_number;
        history.add(last, frame.raw);
      },
    });
    decoder.push(readJournal(path));
    decoder.end();
    return { journal: new PassingJournal(path, history, frames), last };
  }

  /** Frames in the order they are about to be sent. */
  append(frames: readonly Uint8Array[]): void {
    writeSync(this.fd, frames.length === 1 ? frames[0]! : Buffer.concat(frames));
    this.frames += frames.length;
    // Rewritten to what RESEND can still use once it holds twice that.
    if (this.frames > 2 * this.history.limit) this.compact();
  }

  close(): void {
    closeSync(this.fd);
  }

  private compact(): void {
    const held = this.history.all();
    const temp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, Buffer.concat(held));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
    this.frames = held.length;
  }
}
