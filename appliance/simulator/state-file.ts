/** @module The persistent passing counter: a JSON state file written durably, numbers reserved ahead so a crash never reuses one. */
import { readFile } from 'node:fs/promises';
import { writeDurably } from '../../shared/fs/write-durably.ts';

/**
 * Numbers are reserved this many at a time before use. A clean stop writes the exact next
 * number; a crash leaves a gap of at most this size, never a repeat, as with a real
 * decoder whose counter is persistent (p3-protocol.md §0.4).
 */
export const RESERVE_BLOCK = 100;

export class StateFileError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`simulator state file ${path}: ${detail} (fix it, or delete it to start at the first passing number)`);
    this.name = 'StateFileError';
  }
}

interface StateJson {
  next_passing_number: number;
  decoder_id: number;
}

async function readState(path: string): Promise<StateJson | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(path, (error as Error).message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StateFileError(path, 'is not JSON');
  }
  const next = (parsed as Partial<StateJson> | null)?.next_passing_number;
  if (!Number.isSafeInteger(next) || next! < 0 || next! > 0xffffffff) throw new StateFileError(path, 'has no valid next_passing_number');
  return parsed as StateJson;
}

export class PassingCounter {
  private reservedUntil: number;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string | undefined,
    private readonly decoderId: number,
    private nextNumber: number,
  ) {
    this.reservedUntil = path ? nextNumber : Number.POSITIVE_INFINITY;
  }

  static async open(path: string | undefined, first: number, decoderId: number): Promise<PassingCounter> {
    const state = path ? await readState(path) : undefined;
    return new PassingCounter(path, decoderId, state?.next_passing_number ?? first);
  }

  get next(): number {
    return this.nextNumber;
  }

  needsReserve(n: number): boolean {
    return this.nextNumber + n > this.reservedUntil;
  }

  /** Makes sure the next `n` numbers are on disk before any of them is sent. */
  async reserve(n: number): Promise<void> {
    while (this.nextNumber + n > this.reservedUntil) {
      const until = this.nextNumber + Math.max(n, RESERVE_BLOCK);
      await this.write(until);
      this.reservedUntil = Math.max(this.reservedUntil, until);
    }
  }

  /** Hands out the next number; callers reserve first when a state file is in use. */
  take(): number {
    return this.nextNumber++;
  }

  consume(n: number): void {
    this.nextNumber += n;
  }

  /** Records the exact next number, so the next run continues without a gap. */
  async close(): Promise<void> {
    if (this.path) await this.write(this.nextNumber);
  }

  private write(next: number): Promise<void> {
    const path = this.path!;
    const text = JSON.stringify({ next_passing_number: next, decoder_id: this.decoderId } satisfies StateJson) + '\n';
    // One write at a time, in order, so an older value never lands after a newer one.
    this.writing = this.writing.catch(() => undefined).then(() => writeDurably(path, text));
    return this.writing;
  }
}
