/** @module The decoder's persistent identity: its id and passing counter in a JSON state file written durably, numbers reserved ahead so none is ever reused. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeDurably } from '../../shared/fs/write-durably.ts';
import { formatDecoderId } from './options.ts';
import type { PassingHistory } from './history.ts';
import { journalPath, PassingJournal } from './passing-journal.ts';

/**
 * Numbers are reserved this many at a time before use. A clean stop writes the exact next
 * number, and after a crashed process the journal gives it; only a power cut can leave a gap
 * of at most this size, never a repeat, as with a real decoder whose counter is persistent
 * (p3-protocol.md §0.4).
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
  /** Present while a run is under way: the boot it runs in and its first number. A clean stop removes both. */
  boot_id?: string;
  run_from?: number;
}

const isUint32 = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= 0xffffffff;

async function readState(path: string): Promise<Partial<StateJson> & { next_passing_number: number } | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(path, (error as Error).message);
  }
  let parsed: Partial<StateJson> | null;
  try {
    parsed = JSON.parse(text) as Partial<StateJson> | null;
  } catch {
    throw new StateFileError(path, 'is not JSON');
  }
  if (!isUint32(parsed?.next_passing_number)) throw new StateFileError(path, 'has no valid next_passing_number');
  if (parsed.decoder_id !== undefined && !isUint32(parsed.decoder_id)) throw new StateFileError(path, 'has a decoder_id that is not a 32-bit number');
  return parsed as Partial<StateJson> & { next_passing_number: number };
}

/** The kernel's id of this boot: a state file from the same boot had its page cache survive. */
function currentBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export class PassingCounter {
  private reservedUntil: number;
  private writing: Promise<void> = Promise.resolve();
  private readonly runFrom: number;
  private prefetching: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly path: string | undefined,
    private readonly decoderId: number,
    private nextNumber: number,
    private readonly bootId?: string,
  ) {
    this.reservedUntil = path ? nextNumber : Number.POSITIVE_INFINITY;
    this.runFrom = nextNumber;
  }

  get next(): number {
    return this.nextNumber;
  }

  needsReserve(n: number): boolean {
    return this.nextNumber + n > this.reservedUntil;
  }

  /** Makes sure the next `n` numbers are on disk before any of them is sent. */
  async reserve(n: number): Promise<void> {
    while (!this.closed && this.nextNumber + n > this.reservedUntil) {
      const until = this.nextNumber + Math.max(n, RESERVE_BLOCK);
      await this.write(this.reservation(until));
      this.reservedUntil = Math.max(this.reservedUntil, until);
    }
  }

  /**
   * Writes the next block in the background once half of this one is used, so a burst does
   * not stop for the disk every block. Never more than a block ahead of the last number sent.
   */
  prefetch(): void {
    if (!this.path || this.prefetching || this.closed || this.reservedUntil - this.nextNumber > RESERVE_BLOCK / 2) return;
    const until = this.nextNumber + RESERVE_BLOCK;
    // A failed write is left to the reserve() that then blocks, which reports it.
    this.prefetching = this.write(this.reservation(until)).then(
      () => void (this.reservedUntil = Math.max(this.reservedUntil, until)),
      () => undefined,
    ).finally(() => (this.prefetching = undefined));
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
    this.closed = true;
    await this.prefetching;
    if (this.path) await this.write({ next_passing_number: this.nextNumber, decoder_id: this.decoderId });
  }

  private reservation(until: number): StateJson {
    return { next_passing_number: until, decoder_id: this.decoderId, ...(this.bootId ? { boot_id: this.bootId } : {}), run_from: this.runFrom };
  }

  private write(state: StateJson): Promise<void> {
    const path = this.path!;
    const text = JSON.stringify(state) + '\n';
    // One write at a time, in order, so an older value never lands after a newer one.
    this.writing = this.writing.catch(() => undefined).then(() => writeDurably(path, text));
    return this.writing;
  }
}

function openJournal(statePath: string, decoderId: number, history: PassingHistory): ReturnType<typeof PassingJournal.open> {
  const path = journalPath(statePath);
  try {
    return PassingJournal.open(path, decoderId, history);
  } catch (error) {
    throw new StateFileError(statePath, `its passing journal ${path} cannot be opened: ${(error as Error).message}`);
  }
}

export interface DecoderState {
  decoderId: number;
  counter: PassingCounter;
  /** Only with a state file. */
  journal: PassingJournal | undefined;
}

export interface DecoderStateOptions {
  path: string | undefined;
  /** Next passing number when there is no state file yet. */
  first: number;
  /** An id set in the options; otherwise the state file's, else `defaultId`. */
  configuredId: number | undefined;
  defaultId: number;
  /** Filled with the passings the journal holds, for RESEND. */
  history: PassingHistory;
}

/**
 * One decoder across runs and scenarios: the id it had and the number after the last it sent.
 * After a crash in the same boot the journal holds every passing sent, so numbering goes on
 * right after the last one; after a power cut the reservation is the safe next number.
 */
export async function openDecoderState({ path, first, configuredId, defaultId, history }: DecoderStateOptions): Promise<DecoderState> {
  const state = path ? await readState(path) : undefined;
  if (!path || !state) {
    const decoderId = configuredId ?? defaultId;
    const journal = path ? openJournal(path, decoderId, history).journal : undefined;
    return { decoderId, counter: new PassingCounter(path, decoderId, first, currentBootId()), journal };
  }
  const stored = state.decoder_id;
  if (configuredId !== undefined && stored !== undefined && configuredId !== stored) {
    throw new StateFileError(path, `keeps the passing numbers of decoder ${formatDecoderId(stored)}, not ${formatDecoderId(configuredId)}; give that decoder id or another state file`);
  }
  const decoderId = configuredId ?? stored ?? defaultId;
  const { journal, last } = openJournal(path, decoderId, history);
  const bootId = currentBootId();
  let next = state.next_passing_number;
  const runFrom = state.run_from;
  if (bootId !== undefined && state.boot_id === bootId && runFrom !== undefined && runFrom <= next) {
    next = last !== undefined && last >= runFrom ? last + 1 : runFrom;
  }
  return { decoderId, counter: new PassingCounter(path, decoderId, next, bootId), journal };
}
