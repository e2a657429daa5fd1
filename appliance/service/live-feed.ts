/** @module What the box puts on its live feed: race snapshots and derived events, decoder passings and link status. */
import type { PassingRecord } from '../../shared/p3/index.ts';
import { raceChannelSnapshot, type EventView, type LivePassing, type RaceEngine } from '../../shared/race/index.ts';
import { recentPassings, type EnvelopeLog } from '../log/index.ts';
import { raceCoalesceKey, raceUpdateKept, type LiveTrack } from '../../shared/live/index.ts';
import type { RaceHost } from '../race/race-host.ts';
import { isDefaultGateTransponder, type ApplianceStatus, type Envelope, type LiveChannel } from '../../shared/contracts/index.ts';
import { DEFAULT_PASSING_BUDGET, PassingBudget, type PassingBudgetOptions } from './passing-budget.ts';

const RECENT_PASSINGS = 20;
const STATUS_EVERY_MS = 2000;

type Rider = { rider_id: string; name: string };

/** A passing as the decoder reported it; who carried the transponder depends on the client's event (labelFor). */
function livePassing(envelope: Envelope): LivePassing | undefined {
  const record = envelope.payload.record as PassingRecord | undefined;
  if (record?.transponder === undefined || record.passing_number === undefined || record.rtc_time_us === undefined) return undefined;
  return {
    decoder_id: record.decoder_id ?? 0,
    passing_number: record.passing_number,
    transponder: record.transponder,
    transponder_code: record.transponder_code ?? null,
    rtc_time_us: record.rtc_time_us,
    captured_at_us: envelope.captured_at_us,
    strength: record.strength ?? null,
    hits: record.hits ?? null,
    rider_id: null,
    name: null,
    gate: isDefaultGateTransponder(record.transponder),
  };
}

export class LiveFeed {
  /** Unlabelled, newest first. */
  private recent: LivePassing[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastStatus = '';
  private readonly budget: PassingBudget;
  /** Transponder → rider per event setup; a new setup is a new EventView, so a stale index is never found. */
  private readonly riderIndex = new WeakMap<EventView, Map<number, Rider>>();

  constructor(
    private readonly engine: RaceEngine,
    private readonly status: () => ApplianceStatus,
    budget: PassingBudgetOptions = DEFAULT_PASSING_BUDGET,
  ) {
    this.budget = new PassingBudget(budget);
  }

  /** Passings the budget kept from being sent one by one this run. */
  get passingsSkipped(): number {
    return this.budget.skippedTotal;
  }

  /** Fills the passings strip from the log, so a restart does not show an empty one. */
  async load(log: EnvelopeLog): Promise<void> {
    const envelopes = await recentPassings(log, RECENT_PASSINGS);
    this.recent = envelopes.map((e) => livePassing(e)).filter((p): p is LivePassing => p !== undefined);
  }

  /**
   * A passing labelled for a client: one scoped to an event sees only that event's riders, an unscoped
   * one the current event's (what the scoreboard shows); a rider of another event stays a bare transponder.
   */
  labelFor(passing: LivePassing, scopeEventId: string | null): LivePassing {
    const eventId = scopeEventId ?? this.engine.currentEventId();
    const event = eventId === null ? undefined : this.engine.event(eventId);
    const rider = event ? this.ridersOf(event).get(passing.transponder) : undefined;
    return rider ? { ...passing, rider_id: rider.rider_id, name: rider.name } : passing;
  }

  snapshot(channel: LiveChannel, eventId: string | null): Record<string, unknown> {
    if (channel === 'decoder') return { status: this.status(), passings: this.recent.map((p) => this.labelFor(p, eventId)) };
    return { ...raceChannelSnapshot(this.engine, eventId) };
  }

  /** Publishes derived events and passings as the host applies them, and the link status every 2 s when it changed. */
  attach(track: LiveTrack, host: RaceHost): void {
    host.onDerived((events) => {
      for (const event of events) {
        const key = raceCoalesceKey(event);
        track.publish({ channel: 'race', event_id: event.event_id, payload: event as unknown as Record<string, unknown>, ...(key ? { coalesce_key: key, keep: raceUpdateKept(event) } : {}) });
      }
    });
    host.onEnvelope(({ envelope }) => {
      if (envelope.message_type !== 'PASSING') return;
      const passing = livePassing(envelope);
      if (!passing) return;
      this.recent = [passing, ...this.recent.slice(0, RECENT_PASSINGS - 1)];
      if (this.budget.take()) track.publish({ channel: 'decoder', event_id: null, payload: (scope) => ({ type: 'passing', passing: this.labelFor(passing, scope) }) });
    });
    this.timer = setInterval(() => {
      // Past the budget the strip gets one summary a period: how many went unsent, and the newest.
      const skipped = this.budget.drainSkipped();
      const latest = this.recent[0];
      if (skipped > 0 && latest) track.publish({ channel: 'decoder', event_id: null, payload: (scope) => ({ type: 'passings_skipped', skipped, latest: this.labelFor(latest, scope) }) });
      const status = this.status();
      // Counters move with every STATUS record; only a change a person would act on is worth a push.
      const signature = JSON.stringify([status.decoder.state, status.decoder.last_error, status.log.disk, status.log.refusing, status.decoder.decoder_id, status.firstboot]);
      if (signature === this.lastStatus) return;
      this.lastStatus = signature;
      track.publish({ channel: 'decoder', event_id: null, payload: { type: 'status', status }, coalesce_key: 'status' });
    }, STATUS_EVERY_MS);
    this.timer.unref();
  }

  private ridersOf(event: EventView): Map<number, Rider> {
    let index = this.riderIndex.get(event);
    if (!index) {
      index = new Map();
      for (const r of event.riders) for (const t of r.transponders) index.set(t, { rider_id: r.rider_id, name: r.name });
      this.riderIndex.set(event, index);
    }
    return index;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
