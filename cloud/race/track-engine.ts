/**
 * @module One track's race engine in a worker: the shared engine, retried from a clean state when
 * an envelope makes it throw, and left exactly as the box's engine is left after the last try.
 */
import type { Envelope } from '../../shared/contracts/index.ts';
import { RaceEngine, type ArchivedEvent, type DerivedEvent } from '../../shared/race/index.ts';

/** One engine step; the worker passes `engine.applyStep`, a fault test one that throws. */
export type EngineStep = (engine: RaceEngine, envelope: Envelope) => { events: DerivedEvent[]; archived: ArchivedEvent[] };

export const applyStep: EngineStep = (engine, envelope) => engine.applyStep(envelope);

export type Applied = { events: DerivedEvent[]; archived: ArchivedEvent[]; failure: null } | { events: []; archived: []; failure: { reason: string; tries: number } };

export class TrackEngine {
  #engine: RaceEngine;
  /** The engine state at the last checkpoint, and every envelope applied since: a throw is retried from there. */
  #checkpoint: string;
  #journal: Envelope[] = [];

  constructor(
    engine: RaceEngine,
    private readonly step: EngineStep,
    private readonly maxTries: number,
    /** The state `engine` holds, when the caller already has it as text (a loaded snapshot). */
    state = engine.snapshot(),
  ) {
    this.#engine = engine;
    this.#checkpoint = state;
  }

  get engine(): RaceEngine {
    return this.#engine;
  }

  /** Envelopes applied since the last checkpoint. */
  get sinceCheckpoint(): number {
    return this.#journal.length;
  }

  /**
   * Applies an envelope. The engine mutates its state in place, so a throw can leave it half
   * changed: each retry starts from the state before the envelope. After the last try the state
   * stays as the throw left it, which is what the box's engine (which logs and goes on) holds too.
   */
  apply(envelope: Envelope): Applied {
    for (let tries = 1; ; tries++) {
      try {
        const { events, archived } = this.step(this.#engine, envelope);
        this.#journal.push(envelope);
        return { events, archived, failure: null };
      } catch (error) {
        if (tries >= this.maxTries) {
          this.#journal.push(envelope);
          return { events: [], archived: [], failure: { reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error), tries } };
        }
        this.#rebuild();
      }
    }
  }

  /** The state as text for a saved snapshot; the journal restarts from it. */
  checkpoint(): string {
    this.#checkpoint = this.#engine.snapshot();
    this.#journal = [];
    return this.#checkpoint;
  }

  #rebuild(): void {
    this.#engine = RaceEngine.fromSnapshot(this.#checkpoint);
    for (const envelope of this.#journal) {
      try {
        this.step(this.#engine, envelope);
      } catch {
        // It threw the first time too, and its half-applied state is part of what followed.
      }
    }
  }
}
