/** @module A BMX race meeting for browser tests: two classes of four, one rider's name full of HTML characters, set up and drawn on a real box. */
import { control } from './box.ts';

type Box = Parameters<typeof control>[0];

/** Printed and shown as text, never as markup. */
export const TRICKY_NAME = '<b>Zoë & "Jo"</b>';

export const CUP = {
  event_id: 'club-cup',
  name: 'Club cup',
  date: '2026-12-05',
  classes: [{ class_id: 'boys-13', name: 'Boys 13', format: 'bmx' }, { class_id: 'girls-10', name: 'Girls 10', format: 'bmx' }],
  riders: [
    ...[1, 2, 3, 4].map((i) => ({ rider_id: `b${i}`, name: `Boy ${i}`, plate: String(100 + i), class_id: 'boys-13', transponders: [201_000_000 + i] })),
    ...[1, 2, 3, 4].map((i) => ({ rider_id: `g${i}`, name: i === 2 ? TRICKY_NAME : `Girl ${i}`, plate: String(200 + i), class_id: 'girls-10', transponders: [202_000_000 + i] })),
  ],
  auto_practice: { enabled: false },
};

/** An RC club night: per class its id, name and drivers (`Buggy 1` …), each numbered on from `plates` with a transponder on from `transponders`. */
export function rcEvent(eventId: string, name: string, classes: { class_id: string; name: string; driver: string; drivers: number; plates: number; transponders: number }[]) {
  return {
    event_id: eventId,
    name,
    date: '2026-12-05',
    classes: classes.map((c) => ({ class_id: c.class_id, name: c.name, format: 'timed' })),
    riders: classes.flatMap((c) =>
      Array.from({ length: c.drivers }, (_, k) => ({ rider_id: `${c.class_id[0]}${k + 1}`, name: `${c.driver} ${k + 1}`, plate: String(c.plates + k + 1), class_id: c.class_id, transponders: [c.transponders + k + 1] })),
    ),
    auto_practice: { enabled: false },
  };
}

export interface MeetingRace {
  race_id: string;
  name: string;
  status: string;
  round: number | null;
  class_ids: string[];
  /** The race the box staged for it, once it has. */
  run_race_id: string | null;
  /** An RC main's bump place names the main below whose finisher takes it. */
  lineup: { lane: number; rider_id: string | null; bump?: { from: string; place: number } }[];
}

export const rider = (riderId: string | null) => CUP.riders.find((r) => r.rider_id === riderId)!;

export async function meetingOrder(box: Box): Promise<MeetingRace[]> {
  const response = await fetch(`${box.url}/api/events/${CUP.event_id}/meeting`);
  return ((await response.json()) as { meeting: { order: MeetingRace[] } }).meeting.order;
}

/** The event, its meeting (each class on its own: three motos each) and the drawn sheet. */
export async function drawCup(box: Box): Promise<MeetingRace[]> {
  await control(box, 'meeting.setup', { event_id: CUP.event_id, bmx: { classes: [{ class_id: 'boys-13' }, { class_id: 'girls-10' }], min_time_ms: 1000 } });
  await control(box, 'meeting.draw_motos', { event_id: CUP.event_id });
  return meetingOrder(box);
}
