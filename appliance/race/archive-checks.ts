/**
 * @module Replay's check of archived events against the store, off the replay's path: an archived
 * race day is megabytes of views, and reading them back took LevelDB's thread a good part of a
 * second a season while the engine waited. The stored views are read while the engine goes on
 * with the next envelopes, and compared, in log order, once they are in. The engine has dropped
 * an event once it hands over its archived views and never changes them again, so a view
 * compared a few batches later is still the view rebuilt.
 */
import type { ArchivedEvent } from '../../shared/race/index.ts';
import { archiveViews, type EngineStore } from './engine-store.ts';
import { JsonBytesMatcher } from './json-bytes.ts';

/** An archived record the store does not hold as rebuilt: the rebuilt view as JSON, and the stored text (null when it has none). */
export type ArchiveDifference = { lsn: number; key: string; rebuilt: string; stored: string | null };

/** Archived events whose stored views may be in flight at once: each holds its views and a race day's stored bytes. */
const IN_FLIGHT = 3;

interface Check {
  lsn: number;
  views: { key: string; view: unknown }[];
  reading: Promise<void>;
  stored?: (Uint8Array | undefined)[];
  failed?: unknown;
}

export class ArchiveChecks {
  private readonly pending: Check[] = [];
  private readonly matcher = new JsonBytesMatcher();
  /** The first difference found; checks after it are not made. */
  difference: ArchiveDifference | null = null;

  constructor(private readonly store: EngineStore) {}

  /** Starts reading what the store holds for these archived events (rebuilt at `lsn`); waits only when too many reads are in flight. */
  async add(lsn: number, archived: readonly ArchivedEvent[]): Promise<void> {
    if (this.difference) return;
    const views = archived.flatMap(archiveViews);
    const check: Check = { lsn, views, reading: Promise.resolve() };
    check.reading = this.store.rawBytes(views.map((v) => v.key)).then(
      (stored) => void (check.stored = stored),
      (error: unknown) => void (check.failed = error ?? new Error('the store could not be read')),
    );
    this.pending.push(check);
    if (this.pending.length > IN_FLIGHT) await this.pending[0]!.reading;
    this.compareReady();
  }

  /** Compares, in order, the checks whose stored views are in; a read that failed is thrown here. */
  compareReady(): void {
    while (this.pending.length > 0 && (this.pending[0]!.stored || this.pending[0]!.failed)) this.compare(this.pending.shift()!);
  }

  /** Waits for every read still in flight and compares them. */
  async finish(): Promise<ArchiveDifference | null> {
    while (this.pending.length > 0) {
      await this.pending[0]!.reading;
      this.compareReady();
    }
    return this.difference;
  }

  private compare(check: Check): void {
    if (check.failed) throw check.failed;
    if (this.difference) return;
    const stored = check.stored!;
    const i = check.views.findIndex(({ view }, j) => !this.matcher.matches(view, stored[j]));
    if (i < 0) return;
    const held = stored[i];
    this.difference = {
      lsn: check.lsn,
      key: check.views[i]!.key,
      rebuilt: JSON.stringify(check.views[i]!.view),
      stored: held === undefined ? null : Buffer.from(held.buffer, held.byteOffset, held.byteLength).toString('utf8'),
    };
  }
}
