/** @module Collects the derived events of one envelope, each with an id made from the envelope's id: the same on every replay. */
import type { ArchivedEvent, DerivedEvent, DerivedPayloads, DerivedType } from './views.ts';

export class Emitter {
  readonly events: DerivedEvent[] = [];
  /** Events this envelope moved out of the live state, with their final views for the host to keep. */
  readonly archived: ArchivedEvent[] = [];

  constructor(
    private readonly envelopeId: string,
    /** Time of the envelope on the track timeline: decoder time, the intent's time, or when it was logged. */
    readonly atUs: number,
  ) {}

  emit<T extends DerivedType>(type: T, eventId: string | null, raceId: string | null, payload: DerivedPayloads[T], atUs = this.atUs): void {
    this.events.push({ id: `${this.envelopeId}-${this.events.length}`, type, event_id: eventId, race_id: raceId, at_us: atUs, payload } as DerivedEvent);
  }
}
