/** @module A meeting's races run by logged intents alone, as a referee's hand entries would run them: stage the next race, drop the gate or start it, add each rider's crossings, finish. For browser tests whose subject comes after the results, so they need them in seconds, not minutes. */
import { control } from './box.ts';
import type { MeetingRace } from './meeting-fixture.ts';

type Box = Parameters<typeof control>[0];

export interface MeetingRead {
  order: (MeetingRace & { kind: string })[];
  now_next: { at_gate: string | null };
  groups: { group_id: string; proposed: MeetingRace[] | null; confirmed: MeetingRace[] }[];
}

export async function readMeeting(box: Box, eventId: string): Promise<MeetingRead> {
  const response = await fetch(`${box.url}/api/events/${eventId}/meeting`);
  if (response.status !== 200) throw new Error(`meeting of ${eventId} answered ${response.status}`);
  return ((await response.json()) as { meeting: MeetingRead }).meeting;
}

/** Stages the race at the gate; returns it as planned and the id of the race the box staged for it. */
export async function stageNext(box: Box, eventId: string): Promise<{ planned: MeetingRace; runId: string }> {
  await control(box, 'meeting.stage_next', { event_id: eventId });
  const meeting = await readMeeting(box, eventId);
  const planned = meeting.order.find((r) => r.status === 'staged');
  if (!planned?.run_race_id) throw new Error(`nothing staged in ${eventId}`);
  return { planned, runId: planned.run_race_id };
}

const riderIds = (race: MeetingRace) => race.lineup.flatMap((s) => (s.rider_id === null ? [] : [s.rider_id]));
const add = (box: Box, runId: string, riderId: string, timeMs: number) => control(box, 'passing.add', { race_id: runId, rider_id: riderId, time_ms: timeMs, reason: 'hand timing' });

/** A BMX race: the gate drops, the riders finish in `finish` order (default the lineup's), half a second apart; the last finish ends it. */
export async function rideBmx(box: Box, runId: string, race: MeetingRace, finish: string[] = riderIds(race)): Promise<void> {
  await control(box, 'race.gate', { race_id: runId });
  for (const [i, riderId] of finish.entries()) await add(box, runId, riderId, 30_000 + i * 500);
}

/** A timed race: started, each driver in `order` (default the grid's) crossing the line three times (two laps), the first a little quicker than the next; then finished. */
export async function runTimed(box: Box, runId: string, race: MeetingRace, order: string[] = riderIds(race)): Promise<void> {
  await control(box, 'race.start', { race_id: runId });
  for (const [i, riderId] of order.entries()) {
    for (const lap of [0, 1, 2]) await add(box, runId, riderId, 1_000 + i * 200 + lap * (20_000 + i * 400));
  }
  await control(box, 'race.force_finish', { race_id: runId, reason: 'laps in' });
}

/** Every race the meeting offers at the gate, in its running order, until it waits for mains (or has run all). */
export async function runWhileOffered(box: Box, eventId: string, ride: (runId: string, race: MeetingRace) => Promise<void>): Promise<void> {
  for (;;) {
    const meeting = await readMeeting(box, eventId);
    const next = meeting.order.find((r) => r.race_id === meeting.now_next.at_gate);
    if (!next || next.status !== 'waiting') return;
    const { runId, planned } = await stageNext(box, eventId);
    await ride(runId, planned);
  }
}
