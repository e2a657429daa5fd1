/** @module The passing index: what the log holds per decoder and counting epoch, so a true repeat is refused and a counter reset is not. */
import type { ChainedBatch, Level } from 'level';
import type { Envelope } from '../../shared/contracts/index.ts';
import { DECODER_EPOCH_RANGE, decoderEpochKey, decoderHolesKey, DECODER_HOLES_RANGE, envelopeKey, PASSING_INDEX_RANGE, passingKey } from './keys.ts';
import { withHole, withoutNumber, type Hole } from './open-holes.ts';
import type { PassingRef, PassingVerdict } from './types.ts';

/** One passing the log holds under a (decoder, number) key: its epoch, its lsn, its fingerprint (null: written before fingerprints, read from the envelope). */
type Held = [epoch: number, lsn: number, fingerprint: string | null];

/** A decoder's counting epoch: a new one starts each time its passing counter goes back (CLEAR_PASSING, factory reset, a spare with the same id). */
export interface EpochState {
  epoch: number;
  /** First and highest passing number of this epoch. */
  first: number;
  last: number;
  /** Highest number held in any epoch: above it a passing cannot be a repeat, so no read is needed. */
  top: number;
}

/** What one batch changes, seen by later stages of the same batch and by the next batch while this one is written. */
export interface IndexOverlay {
  values: Map<string, Held[]>;
  decoders: Map<number, EpochState>;
  /** Decoders whose open holes this batch changed. */
  holes: Map<number, readonly Hole[]>;
}

export interface Classified {
  verdict: PassingVerdict;
  held: Held[];
  fingerprint: string;
  state: EpochState;
}

type Batch = ChainedBatch<Level<string, string>, string, string>;

/** Same decoder, same number, same RTC time and transponder: only that is a repeat. */
export function passingFingerprint(record: { rtc_time_us?: unknown; utc_time_us?: unknown; transponder?: unknown; transponder_code?: unknown }): string {
  return `${String(record.rtc_time_us ?? record.utc_time_us ?? '')}/${String(record.transponder ?? record.transponder_code ?? '')}`;
}

const parseHeld = (value: string | undefined): Held[] => {
  if (value === undefined) return [];
  // Logs written before counting epochs hold a bare lsn: epoch 0, fingerprint read when needed.
  return /^\d+$/.test(value) ? [[0, Number(value), null]] : (JSON.parse(value) as Held[]);
};

export class PassingIndex {
  private readonly durable = new Map<number, EpochState>();
  private readonly durableHoles = new Map<number, readonly Hole[]>();
  private inFlight: IndexOverlay | undefined;

  private constructor(private readonly db: Level<string, string>) {}

  static async load(db: Level<string, string>): Promise<PassingIndex> {
    const index = new PassingIndex(db);
    const tops = await highestPassings(db);
    for (const [key, value] of await db.iterator(DECODER_EPOCH_RANGE).all()) {
      const decoder = Number(key.slice(2));
      const saved = JSON.parse(value) as Omit<EpochState, 'top'>;
      index.durable.set(decoder, { ...saved, top: Math.max(saved.last, tops.get(decoder) ?? -1) });
    }
    for (const [key, value] of await db.iterator(DECODER_HOLES_RANGE).all()) index.durableHoles.set(Number(key.slice(2)), JSON.parse(value) as Hole[]);
    // A log from before counting epochs: one epoch 0 up to its highest number.
    for (const [decoder, top] of tops) if (!index.durable.has(decoder)) index.durable.set(decoder, { epoch: 0, first: 0, last: top, top });
    return index;
  }

  static overlay(): IndexOverlay {
    return { values: new Map(), decoders: new Map(), holes: new Map() };
  }

  /** The batch now being written: the next batch stages on top of what it holds. */
  writing(overlay: IndexOverlay | undefined): void {
    this.inFlight = overlay;
  }

  /** A batch is on disk: its epochs become the durable state. */
  committed(overlay: IndexOverlay): void {
    for (const [decoder, state] of overlay.decoders) this.durable.set(decoder, state);
    for (const [decoder, holes] of overlay.holes) this.durableHoles.set(decoder, holes);
  }

  /** Numbers of each decoder's current epoch still missing on disk, oldest first. */
  openHoles(): Map<number, Hole[]> {
    return new Map([...this.durableHoles].filter(([, h]) => h.length > 0).map(([decoder, h]) => [decoder, h.map(([f, t]): Hole => [f, t])]));
  }

  private holes(decoder: number, overlay: IndexOverlay): readonly Hole[] {
    return overlay.holes.get(decoder) ?? this.inFlight?.holes.get(decoder) ?? this.durableHoles.get(decoder) ?? [];
  }

  state(decoder: number, overlay?: IndexOverlay): EpochState | undefined {
    return overlay?.decoders.get(decoder) ?? this.inFlight?.decoders.get(decoder) ?? this.durable.get(decoder);
  }

  /** The highest passing number of each decoder's current epoch, on disk. */
  lastNumbers(): Map<number, number> {
    return new Map([...this.durable].map(([decoder, s]) => [decoder, s.last]));
  }

  async classify(ref: PassingRef, overlay: IndexOverlay): Promise<Classified> {
    const { decoder_id: decoder, passing_number: n } = ref;
    const fingerprint = ref.fingerprint ?? '';
    const state = this.state(decoder, overlay);
    const held = state && n <= state.top ? await this.read(passingKey(decoder, n), overlay) : [];
    for (const h of held) if ((await this.fingerprintOf(h)) === fingerprint) return { verdict: { kind: 'repeat' }, held, fingerprint, state: state! };
    if (!state) return { verdict: { kind: 'first', epoch: 1 }, held, fingerprint, state: { epoch: 1, first: n, last: n, top: n } };
    const top = Math.max(state.top, n);
    if (n > state.last) {
      const next = { ...state, last: n, top };
      if (n === state.last + 1) return { verdict: { kind: 'next', epoch: state.epoch }, held, fingerprint, state: next };
      return { verdict: { kind: 'gap', epoch: state.epoch, from: state.last + 1, to: n - 1, missing: n - 1 - state.last }, held, fingerprint, state: next };
    }
    // Back at or below the epoch's highest: a number this epoch already holds (with another
    // passing) or one below where it began means the counter restarted; anything else fills a hole.
    if (n < state.first || held.some(([epoch]) => epoch === state.epoch)) {
      return { verdict: { kind: 'reset', epoch: state.epoch + 1, previous: state.last }, held, fingerprint, state: { epoch: state.epoch + 1, first: n, last: n, top } };
    }
    return { verdict: { kind: 'late', epoch: state.epoch }, held, fingerprint, state: { ...state, top } };
  }

  /** Records a classified passing at `lsn` in the batch. */
  hold(batch: Batch, overlay: IndexOverlay, ref: PassingRef, c: Classified, lsn: number): void {
    const epoch = c.verdict.kind === 'repeat' ? c.state.epoch : c.verdict.epoch;
    const value: Held[] = [...c.held, [epoch, lsn, c.fingerprint]];
    const key = passingKey(ref.decoder_id, ref.passing_number);
    overlay.values.set(key, value);
    overlay.decoders.set(ref.decoder_id, c.state);
    batch.put(key, JSON.stringify(value));
    // Only these three move the holes: an in-order passing, most of every batch, reads none.
    const { verdict } = c;
    // A new epoch's numbers are not the old one's: its holes cannot be asked for any more.
    if (verdict.kind === 'reset') overlay.holes.set(ref.decoder_id, []);
    else if (verdict.kind === 'gap') overlay.holes.set(ref.decoder_id, withHole(this.holes(ref.decoder_id, overlay), verdict.from, verdict.to));
    else if (verdict.kind === 'late') {
      const holes = this.holes(ref.decoder_id, overlay);
      const less = withoutNumber(holes, ref.passing_number);
      if (less !== holes) overlay.holes.set(ref.decoder_id, less);
    }
  }

  /** Moves a decoder past numbers accounted for without a passing (a GAP the log wrote for them). */
  skipTo(overlay: IndexOverlay, decoder: number, from: number, to: number): void {
    const state = this.state(decoder, overlay);
    if (!state) overlay.decoders.set(decoder, { epoch: 1, first: from, last: to, top: to });
    else if (to > state.last) overlay.decoders.set(decoder, { ...state, last: to, top: Math.max(state.top, to) });
    overlay.holes.set(decoder, withHole(this.holes(decoder, overlay), from, to));
  }

  /** Writes each changed decoder's epoch once per batch. */
  seal(batch: Batch, overlay: IndexOverlay): void {
    for (const [decoder, { epoch, first, last }] of overlay.decoders) batch.put(decoderEpochKey(decoder), JSON.stringify({ epoch, first, last }));
    for (const [decoder, holes] of overlay.holes) {
      if (holes.length > 0) batch.put(decoderHolesKey(decoder), JSON.stringify(holes));
      else batch.del(decoderHolesKey(decoder));
    }
  }

  private async read(key: string, overlay: IndexOverlay): Promise<Held[]> {
    return overlay.values.get(key) ?? this.inFlight?.values.get(key) ?? parseHeld(await this.db.get(key));
  }

  private async fingerprintOf([, lsn, fingerprint]: Held): Promise<string> {
    if (fingerprint !== null) return fingerprint;
    const value = await this.db.get(envelopeKey(lsn));
    const record = value ? ((JSON.parse(value) as Envelope).payload.record as Record<string, unknown> | undefined) : undefined;
    return record ? passingFingerprint(record) : '';
  }
}

/** The held passings left under a key once the envelope at `lsn` is pruned (undefined: delete the key). */
export function withoutLsn(value: string | undefined, lsn: number): string | undefined {
  const rest = parseHeld(value).filter(([, l]) => l !== lsn);
  return rest.length > 0 ? JSON.stringify(rest) : undefined;
}

/** The highest passing number in the index per decoder, hopping from one decoder to the next. */
async function highestPassings(db: Level<string, string>): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  let upper: string = PASSING_INDEX_RANGE.lt;
  for (;;) {
    const [key] = await db.keys({ gt: PASSING_INDEX_RANGE.gt, lt: upper, reverse: true, limit: 1 }).all();
    if (!key) return out;
    const [, decoder, passing] = key.split('!');
    out.set(Number(decoder), Number(passing));
    upper = `p!${decoder}!`;
  }
}
