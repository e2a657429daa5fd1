/**
 * @module A track's race snapshots as the race workers last published them: the subjects the snapshot
 * stream holds under `timing.race.snapshot.v1.<track>.*` (one message each: MaxMsgsPerSubject 1), the
 * last message of each read by subject. A message that breaks the contract is skipped and logged.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { raceSnapshotSchema, type RaceSnapshotMessage } from '../../shared/contracts/race-stream.ts';
import { STREAMS } from '../../shared/contracts/subjects.ts';
import { assertToken } from '../../shared/contracts/tokens.ts';
import type { Logger } from '../../shared/log/index.ts';

export interface LoadedSnapshots {
  snapshots: RaceSnapshotMessage[];
  /** When the newest was stored (server time, ms), or null with none. */
  newestStoredMs: number | null;
}

export async function loadTrackSnapshots(jsm: JetStreamManager, trackId: string, maxEvents: number, log: Logger): Promise<LoadedSnapshots> {
  const filter = `timing.race.snapshot.v1.${assertToken('track_id', trackId)}.*`;
  const info = await jsm.streams.info(STREAMS.raceSnapshot, { subjects_filter: filter });
  const names = Object.keys(info.state.subjects ?? {});
  const loaded: { message: RaceSnapshotMessage; storedMs: number }[] = [];
  for (const subject of names) {
    const stored = await jsm.streams.getMessage(STREAMS.raceSnapshot, { last_by_subj: subject });
    if (!stored) continue;
    let parsed;
    try {
      parsed = raceSnapshotSchema.safeParse(stored.json());
    } catch {
      parsed = null;
    }
    if (!parsed?.success || parsed.data.track_id !== trackId || subject !== `timing.race.snapshot.v1.${trackId}.${parsed.data.event_id}`) {
      log.warn('race snapshot breaks the race-stream contract, skipped', { subject, seq: stored.seq, problem: parsed?.success === false ? parsed.error.issues[0]?.message : 'not JSON, or another track or event than its subject' });
      continue;
    }
    loaded.push({ message: parsed.data, storedMs: stored.time.getTime() });
  }
  // The newest events matter: a client follows the current one, and older ones are idle.
  loaded.sort((a, b) => b.message.published_at_us - a.message.published_at_us);
  if (loaded.length > maxEvents) log.info('track has more snapshots than the gateway holds; the oldest are left out', { track_id: trackId, snapshots: loaded.length, kept: maxEvents });
  const kept = loaded.slice(0, maxEvents);
  return { snapshots: kept.map((l) => l.message), newestStoredMs: kept.length ? Math.max(...kept.map((l) => l.storedMs)) : null };
}
