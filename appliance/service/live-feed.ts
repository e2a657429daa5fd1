/** @module What the box puts on its live feed: race snapshots and derived events, decoder passings and link status. */
import type { LiveChannel } from '../../shared/contracts/index.ts';
import type { PassingRecord } from '../../shared/p3/index.ts';
import { DEFAULT_GATE_TRANSPONDERS } from '../../shared/p3/index.ts';
import type { DerivedEvent, LivePassing, RaceEngine } from '../../shared/race/index.ts';
import { recentPassings, type EnvelopeLog } from '../log/index.ts';
import type { LiveHub } from '../live/index.ts';
import type { RaceHost } from '../race/race-host.ts';
import type { Envelope } from '../../shared/contracts/index.ts';
import type { ApplianceStatus } from './status.ts';

const RECENT_PASSINGS = 20;
const FINISHED_IN_SNAPSHOT = 10;
const STATUS_EVERY_MS = 2000;

function livePassing(envelope: Envelope, engine: RaceEngine): LivePassing | undefined {
  const record = envelope.payload.record as PassingRecord | undefined;
  if (record?.transponder === undefined || record.passing_number === undefined || record.rtc_time_us === undefined) return undefined;
  const rider = engine.riderFor(record.transponder);
  return {
    decoder_id: record.decoder_id ?? 0,
    passing_number: record.passing_number,
    transponder: record.transponder,
    transponder_code: record.transponder_code ?? null,
    rtc_time_us: record.rtc_time_us,
    captured_at_us: envelope.captured_at_us,
    strength: record.strength ?? null,
    hits: record.hits ?? null,
    rider_id: rider?.rider_id ?? null,
    name: rider?.name ?? null,
    gate: (DEFAULT_GATE_TRANSPONDERS as readonly number[]).includes(record.transponder),
  };
}

/** Which unsent updates a slow client may skip: only the newest view of a race or a standings table matters. */
function coalesceKey(event: DerivedEvent): string | undefined {
  if (event.type === 'race.updated') return `race:${event.race_id}`;
  if (event.type === 'standings.updated') return `standings:${event.payload.standings.event_id}:${event.payload.standings.class_id}`;
  if (event.type === 'event.updated') return `event:${event.event_id}`;
  return undefined;
}

export class LiveFeed {
  private recent: LivePassing[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastStatus = '';

  constructor(
    private readonly engine: RaceEngine,
    private readonly status: () => ApplianceStatus,
  ) {}

  /** Fills the passings strip from the log, so a restart does not show an empty one. */
  async load(log: EnvelopeLog): Promise<void> {
    const envelopes = await recentPassings(log, RECENT_PASSINGS);
    this.recent = envelopes.map((e) => livePassing(e, this.engine)).filter((p): p is LivePassing => p !== undefined);
  }

  snapshot(channel: LiveChannel, eventId: string | null): Record<string, unknown> {
    if (channel === 'decoder') return { status: this.status(), passings: this.recent };
    const scope = eventId ?? this.engine.currentEventId();
    if (scope === null) return { event: null, races: [], standings: [] };
    const active = this.engine.activeRaces(scope);
    const finished = this.engine.races({ eventId: scope }).filter((r) => r.status === 'finished').slice(0, FINISHED_IN_SNAPSHOT);
    return { event: this.engine.event(scope) ?? null, races: [...active, ...finished], standings: this.engine.standings(scope) };
  }

  /** Publishes derived events and passings as the host applies them, and the link status every 2 s when it changed. */
  attach(hub: LiveHub, host: RaceHost): void {
    host.onDerived((events) => {
      for (const event of events) {
        const key = coalesceKey(event);
        hub.publish({ channel: 'race', event_id: event.event_id, payload: event as unknown as Record<string, unknown>, ...(key ? { coalesce_key: key } : {}) });
      }
    });
    host.onEnvelope(({ envelope }) => {
      if (envelope.message_type !== 'PASSING') return;
      const passing = livePassing(envelope, this.engine);
      if (!passing) return;
      this.recent = [passing, ...this.recent.slice(0, RECENT_PASSINGS - 1)];
      hub.publish({ channel: 'decoder', event_id: null, payload: { type: 'passing', passing } });
    });
    this.timer = setInterval(() => {
      const status = this.status();
      // Counters move with every STATUS record; only a change a person would act on is worth a push.
      const signature = JSON.stringify([status.decoder.state, status.decoder.last_error, status.log.disk, status.log.refusing, status.decoder.decoder_id]);
      if (signature === this.lastStatus) return;
      this.lastStatus = signature;
      hub.publish({ channel: 'decoder', event_id: null, payload: { type: 'status', status }, coalesce_key: 'status' });
    }, STATUS_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
