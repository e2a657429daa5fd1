/**
 * @module Consumer-side dedupe for one track: the highest `seq` applied per `client_id`+`boot_id`.
 * `seq` runs 1, 2, 3 … per boot with no gap, so an envelope at or below the mark was applied
 * already, whenever it was re-sent. The marks travel in the track's snapshot (they must match the
 * engine state exactly) and are written through to `mre_dedupe`, where a boot that fell out of
 * memory is looked up again.
 */
import type { KV } from '@nats-io/kv';
import type { Envelope } from '../../shared/contracts/index.ts';

export interface Mark {
  seq: number;
  /** The raw stream sequence of the envelope that set it. */
  raw_seq: number;
}

export type MarkEntry = [boot: string, mark: Mark];

const bootOf = (e: Pick<Envelope, 'client_id' | 'boot_id'>) => `${e.client_id}:${e.boot_id}`;

export class DedupeMarks {
  /** Insertion order is advance order: the first entry is the boot that moved longest ago. */
  readonly #marks = new Map<string, Mark>();
  readonly #dirty = new Set<string>();
  /** Envelopes whose seq skipped ahead of their boot's mark (a gap the box should never make). */
  gaps = 0;

  constructor(
    private readonly kv: KV,
    private readonly trackId: string,
    private readonly max: number,
    entries: readonly MarkEntry[] = [],
  ) {
    for (const [boot, mark] of entries) this.#marks.set(boot, mark);
  }

  #kvKey(boot: string): string {
    return `${this.trackId}.${boot.replace(':', '.')}`;
  }

  /** Whether the envelope at raw sequence `rawSeq` was applied before. */
  async isDuplicate(envelope: Envelope, rawSeq: number): Promise<boolean> {
    const boot = bootOf(envelope);
    const mark = this.#marks.get(boot) ?? (await this.#stored(boot, rawSeq));
    if (mark && envelope.seq <= mark.seq) return true;
    // A boot first seen here may start anywhere (its start aged out of the stream); only a known one can skip.
    if (mark && envelope.seq > mark.seq + 1) this.gaps++;
    return false;
  }

  /**
   * A boot not in memory: its mark in the bucket counts only if an envelope before this one set
   * it. One at or after `rawSeq` was written by an earlier pass over the same envelopes (a worker
   * that died after writing it), so it says nothing about this one.
   */
  async #stored(boot: string, rawSeq: number): Promise<Mark | undefined> {
    const entry = await this.kv.get(this.#kvKey(boot));
    if (!entry || entry.operation !== 'PUT') return undefined;
    const mark = entry.json<Mark>();
    return Number.isSafeInteger(mark.seq) && Number.isSafeInteger(mark.raw_seq) && mark.raw_seq < rawSeq ? mark : undefined;
  }

  advance(envelope: Envelope, rawSeq: number): void {
    const boot = bootOf(envelope);
    this.#marks.delete(boot);
    this.#marks.set(boot, { seq: envelope.seq, raw_seq: rawSeq });
    this.#dirty.add(boot);
    if (this.#marks.size > this.max) {
      // Written to the bucket before it leaves memory, so a late re-send of that boot is still caught.
      const oldest = this.#marks.keys().next().value!;
      if (!this.#dirty.has(oldest)) this.#marks.delete(oldest);
    }
  }

  /** Whether the envelope with this key was applied by raw sequence `rawSeq` (the position these marks were saved at). */
  async coveredAsOf(key: Pick<Envelope, 'client_id' | 'boot_id' | 'seq'>, rawSeq: number): Promise<boolean> {
    const boot = bootOf(key);
    const mark = this.#marks.get(boot) ?? (await this.#stored(boot, rawSeq + 1));
    return (mark?.seq ?? 0) >= key.seq;
  }

  /** Writes the marks that moved since the last flush. */
  async flush(): Promise<void> {
    const dirty = [...this.#dirty];
    await Promise.all(dirty.map((boot) => this.kv.put(this.#kvKey(boot), JSON.stringify(this.#marks.get(boot)))));
    for (const boot of dirty) this.#dirty.delete(boot);
    while (this.#marks.size > this.max) this.#marks.delete(this.#marks.keys().next().value!);
  }

  entries(): MarkEntry[] {
    return [...this.#marks];
  }

  get size(): number {
    return this.#marks.size;
  }
}
