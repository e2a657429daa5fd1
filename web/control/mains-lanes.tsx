/** @module A proposed BMX stage with lanes staff can change before Confirm mains: a lane select per rider (one thumb on a phone), lanes two riders share shown before anything is sent, Reset to proposal, and Confirm sending the edited lanes only when one changed. */
import { useState } from 'preact/hooks';
import { confirmArgs, draftOf, gateLanes, laneClashes, laneMoves, withLane, type LaneClash, type LaneDraft } from './lane-edit.ts';
import type { MeetingView, PlannedRace, Riders } from './meeting-model.ts';
import type { IntentRunner } from './operator.tsx';

type Group = MeetingView['groups'][number];

function LaneRow({ riderId, lane, proposed, lanes, clash, riders, onLane }: { riderId: string; lane: number; proposed: number; lanes: number[]; clash: boolean; riders: Riders; onLane: (lane: number) => void }) {
  const who = riders.label(riderId);
  const classes = ['lane-row', lane !== proposed ? 'lane-moved' : '', clash ? 'lane-clash' : ''].filter(Boolean).join(' ');
  return (
    <li class={classes}>
      <select class="lane-select" aria-label={`Lane for ${who}`} value={String(lane)} onChange={(e) => onLane(Number(e.currentTarget.value))}>
        {lanes.map((l) => (
          <option key={l} value={String(l)}>
            Lane {l}
          </option>
        ))}
      </select>
      <span class="lane-who">{who}</span>
      {lane !== proposed && <span class="lane-was">was lane {proposed}</span>}
    </li>
  );
}

function clashText(clash: LaneClash, races: readonly PlannedRace[], riders: Riders): string {
  const race = races.length > 1 ? `${races.find((r) => r.race_id === clash.race_id)?.name ?? clash.race_id}: ` : '';
  const who = clash.rider_ids.map((id) => riders.label(id));
  return `${race}Lane ${clash.lane} has ${who.length} riders: ${who.slice(0, -1).join(', ')} and ${who.at(-1)}.`;
}

/**
 * Keyed by the proposal by its caller, so a different proposal (proposed again) starts a fresh
 * draft instead of carrying lanes over to riders it may no longer hold.
 */
export function LaneEditor({ group, name, view, riders, intent, onDone }: { group: Group; name: string; view: MeetingView; riders: Riders; intent: IntentRunner; onDone: () => void }) {
  const races = group.proposed!;
  const [draft, setDraft] = useState<LaneDraft>(() => draftOf(races));
  const lanes = gateLanes(view.setup.bmx?.gate_size ?? 8);
  const clashes = laneClashes(races, draft);
  const moves = laneMoves(races, draft);
  const clashing = new Set(clashes.flatMap((c) => c.rider_ids.map((id) => `${c.race_id} ${id}`)));
  const confirm = () =>
    void intent.run('meeting.confirm_mains', confirmArgs(view.event_id, group.group_id, races, draft), moves.length > 0 ? `${name}: mains confirmed with the edited lanes.` : `${name}: mains confirmed.`).then((r) => r && onDone());
  return (
    <div class="mains-proposal" aria-label={`${name} proposal`}>
      {races.map((race) => (
        <div key={race.race_id} class="proposal-race">
          <b>{race.name}</b> <span class="muted">proposed · pick a lane to change it</span>
          <ol class="lane-rows">
            {race.lineup.map(
              (slot) =>
                slot.rider_id !== null && (
                  <LaneRow
                    key={slot.rider_id}
                    riderId={slot.rider_id}
                    lane={draft[race.race_id]?.[slot.rider_id] ?? slot.lane}
                    proposed={slot.lane}
                    lanes={lanes}
                    clash={clashing.has(`${race.race_id} ${slot.rider_id}`)}
                    riders={riders}
                    onLane={(lane) => setDraft((d) => withLane(d, race.race_id, slot.rider_id!, lane))}
                  />
                ),
            )}
          </ol>
        </div>
      ))}
      {clashes.length > 0 && (
        <div class="lane-clashes" role="alert" aria-label={`${name} lane clash`}>
          {clashes.map((c) => (
            <p key={`${c.race_id} ${c.lane}`}>{clashText(c, races, riders)}</p>
          ))}
          <p>Give each rider a lane of their own to confirm.</p>
        </div>
      )}
      {clashes.length === 0 && moves.length > 0 && (
        <p class="lane-note" role="status">
          {moves.length} rider{moves.length === 1 ? '' : 's'} in another lane than proposed: Confirm sends these lanes.
        </p>
      )}
      <div class="actions">
        <button type="button" class="btn btn-primary" disabled={intent.busy || clashes.length > 0} onClick={confirm}>
          Confirm mains
        </button>
        <button type="button" class="btn" disabled={intent.busy || moves.length === 0} onClick={() => setDraft(draftOf(races))}>
          Reset to proposal
        </button>
      </div>
    </div>
  );
}
