/** @module meeting.setup and meeting.draw_motos applied: the setup with its defaults, RC heats dealt from the setup's seed, and the BMX moto sheet from the draw's. */
import type { IntentArgs } from '../../contracts/control.ts';
import { seededRng } from '../../random/index.ts';
import { USA_BMX_TRANSFERS } from '../meeting/bmx-format.ts';
import { drawFirstRound } from '../meeting/lanes.ts';
import { buildMotoSheet } from '../meeting/moto-sheet.ts';
import { seedFromId, subSeed } from '../meeting/seed.ts';
import { dealSerpentine, splitSizes } from '../meeting/splits.ts';
import type { EventView } from '../views.ts';
import { meetingRaceId } from './ids.ts';
import type { MeetingGroup, MeetingSetupState, MeetingState, RcHeat } from './types.ts';

const classRiders = (event: EventView, classId: string) => event.riders.filter((r) => r.class_id === classId);

function normalized(args: IntentArgs<'meeting.setup'>): MeetingSetupState {
  const bmx = args.bmx;
  return {
    bmx: bmx
      ? {
          rounds: bmx.rounds,
          gate_size: bmx.gate_size,
          combine: bmx.combine,
          min_time_ms: bmx.min_time_ms,
          max_time_ms: bmx.max_time_ms,
          transfer_table: bmx.transfer_table ?? USA_BMX_TRANSFERS.map((row) => ({ ...row, code: row.code ? [...row.code] : null })),
          lane_preference: bmx.lane_preference ?? null,
          classes: bmx.classes.map((c) => ({ class_id: c.class_id, format: c.format, advance: c.advance ?? null })),
        }
      : null,
    rc: args.rc ? { classes: args.rc.classes } : null,
  };
}

/** Heats of `heat_size` at most, sizes within one, drivers dealt from a seeded draw; the same heats every round. */
function rcHeats(event: EventView, setup: MeetingSetupState, seed: number): RcHeat[] {
  const heats: RcHeat[] = [];
  for (const cls of setup.rc?.classes ?? []) {
    const drawn = drawFirstRound(classRiders(event, cls.class_id).map((r) => r.rider_id), seededRng(subSeed(seed, cls.class_id)));
    const dealt = dealSerpentine(drawn, splitSizes(drawn.length, cls.heat_size));
    for (let round = 1; round <= cls.qualifying_rounds; round++) {
      dealt.forEach((drivers, i) => {
        const heat = i + 1;
        const name = dealt.length === 1 ? `Qualifying ${round}` : `Qualifying ${round} Heat ${heat}`;
        heats.push({ race_id: meetingRaceId(event.event_id, cls.class_id, `q${round}`, heat), class_id: cls.class_id, round, heat, name, drivers });
      });
    }
  }
  return heats;
}

const emptyGroup = (group_id: string, kind: 'bmx' | 'rc', class_ids: string[]): MeetingGroup => ({ group_id, kind, class_ids, bmx_proposed: null, bmx_stages: [], rc_proposed: null, rc_mains: null, warning: [] });

export function setupMeeting(previous: MeetingState | undefined, event: EventView, args: IntentArgs<'meeting.setup'>, envelopeId: string): MeetingState {
  const setup = normalized(args);
  const rcIds = setup.rc?.classes.map((c) => c.class_id) ?? [];
  return {
    event_id: event.event_id,
    revision: previous?.revision ?? 0,
    setup,
    sheet: null,
    heats: rcHeats(event, setup, seedFromId(envelopeId)),
    runs: {},
    groups: Object.fromEntries(rcIds.map((id) => [id, emptyGroup(id, 'rc', [id])])),
    group_order: rcIds,
  };
}

/** The moto sheet, seeded from the draw intent's id; any earlier draw's BMX groups are replaced. */
export function drawMotos(meeting: MeetingState, event: EventView, args: IntentArgs<'meeting.draw_motos'>, envelopeId: string): void {
  const bmx = meeting.setup.bmx!;
  const classes = bmx.classes.map((c) => ({
    class_id: c.class_id,
    riders: classRiders(event, c.class_id).map((r) => ({ rider_id: r.rider_id, plate: r.plate })),
    seeding: args.seeding?.[c.class_id] ?? null,
  }));
  const sheet = buildMotoSheet(classes, { seed: seedFromId(envelopeId), rounds: bmx.rounds, gate_size: bmx.gate_size, combine: bmx.combine, race_id_prefix: `${meetingRaceId(event.event_id)}-` });
  const rcIds = meeting.group_order.filter((id) => meeting.groups[id]!.kind === 'rc');
  meeting.sheet = sheet;
  meeting.groups = Object.fromEntries([...sheet.groups.map((g) => [g.group_id, emptyGroup(g.group_id, 'bmx', g.class_ids)] as const), ...rcIds.map((id) => [id, meeting.groups[id]!] as const)]);
  meeting.group_order = [...sheet.groups.map((g) => g.group_id), ...rcIds];
}
