/** @module Box-timed races read back in the one lap model: a race's record joined with its event's (keys in keys.ts, records from lap-model.ts). */
import type { KV } from '@nats-io/kv';
import { lapModelRace, type LapEvent, type LapModelRace } from '../../shared/contracts/lap-model.ts';
import { modelKeys } from './keys.ts';
import type { BoxLapRace } from './lap-model.ts';

async function json<T>(kv: KV, key: string): Promise<T | null> {
  const entry = await kv.get(key);
  return entry && entry.operation === 'PUT' ? entry.json<T>() : null;
}

function joined(event: LapEvent, record: BoxLapRace): LapModelRace {
  const { race, results, laps } = record;
  return lapModelRace({ event, race, results, laps });
}

/** One box-timed race, or null when the track has no such timed race (yet). */
export async function readBoxLapRace(kv: KV, trackId: string, eventId: string, raceId: string): Promise<LapModelRace | null> {
  const [event, record] = await Promise.all([json<LapEvent>(kv, modelKeys.lapEvent(trackId, eventId)), json<BoxLapRace>(kv, modelKeys.lapRace(trackId, eventId, raceId))]);
  return event && record ? joined(event, record) : null;
}

/** Every timed race of a box event, oldest started first; reset races left out. */
export async function readBoxLapEvent(kv: KV, trackId: string, eventId: string): Promise<{ event: LapEvent; races: LapModelRace[] } | null> {
  const event = await json<LapEvent>(kv, modelKeys.lapEvent(trackId, eventId));
  if (!event) return null;
  // A key written while the listing runs can be listed twice.
  const keys = new Set<string>();
  for await (const key of await kv.keys(modelKeys.lapEventRaces(trackId, eventId))) keys.add(key);
  const records = (await Promise.all([...keys].map((key) => json<BoxLapRace>(kv, key)))).filter((r): r is BoxLapRace => r !== null && r.race.status !== 'reset');
  records.sort((a, b) => (a.race.started_at ?? '').localeCompare(b.race.started_at ?? '') || (a.race.race_id < b.race.race_id ? -1 : 1));
  return { event, races: records.map((r) => joined(event, r)) };
}
