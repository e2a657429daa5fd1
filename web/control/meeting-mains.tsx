/** @module Mains per class: what qualifying still waits for, an RC class's qualifying order and results, the proposal (who rides which main, BMX lanes editable, RC bump places open) to confirm, and the warning when a correction would change confirmed mains. */
import type { Operator } from './api.ts';
import { changeText, type MeetingView, type Riders } from './meeting-model.ts';
import { proposalKey } from './lane-edit.ts';
import { LaneEditor } from './mains-lanes.tsx';
import { Lineup } from './meeting-sheet.tsx';
import { RcStanding } from './meeting-ranking.tsx';
import { Feedback, useIntent } from './operator.tsx';

type Group = MeetingView['groups'][number];

function groupName(group: Group, riders: Riders): string {
  return group.class_ids.map((id) => riders.className(id)).join(' + ');
}

/** A group may ask for its next stage once qualifying is in and every confirmed race has run. */
function canPropose(view: MeetingView, group: Group): boolean {
  if (group.proposed || group.results || group.waiting_for.length > 0) return false;
  if (group.kind === 'bmx' && group.format_text === 'total points') return false;
  if (group.kind === 'rc' && group.confirmed.length > 0) return false;
  const status = new Map(view.order.map((r) => [r.race_id, r.status]));
  return group.confirmed.every((r) => status.get(r.race_id) === 'finished' || status.get(r.race_id) === 'skipped') && !group.confirmed.some((r) => r.name.includes('Main'));
}

/** Shown at the top of the section, over Stage next: the main about to be staged may be the one it is about. */
export function Warning({ group, view, riders }: { group: Group; view: MeetingView; riders: Riders }) {
  const names = new Map(view.order.map((r) => [r.race_id, r.name]));
  return (
    <div class="meeting-warning" role="alert" aria-label={`${groupName(group, riders)} mains warning`}>
      <p>
        <b>A correction changes {groupName(group, riders)}'s mains.</b> The confirmed mains stay as they are; from the results as they stand now:
      </p>
      <ul>
        {group.warning.map((change, i) => (
          <li key={i}>{changeText(change, riders, (id) => names.get(id) ?? id)}</li>
        ))}
      </ul>
      <p class="muted">Fix the lanes at the gate, or run the corrected order by hand.</p>
    </div>
  );
}

function GroupMains({ group, view, riders, operator, onDone }: { group: Group; view: MeetingView; riders: Riders; operator: Operator; onDone: () => void }) {
  const intent = useIntent(operator);
  const args = { event_id: view.event_id, group_id: group.group_id };
  const name = groupName(group, riders);
  const send = (what: 'meeting.propose_mains' | 'meeting.confirm_mains', ok: string) => void intent.run(what, args, ok).then((r) => r && onDone());
  const status = group.results
    ? 'results final'
    : group.proposed
      ? 'mains proposed'
      : group.confirmed.length > 0
        ? 'mains confirmed'
        : group.waiting_for.length > 0
          ? `waits for ${group.waiting_for.length} race${group.waiting_for.length === 1 ? '' : 's'}`
          : group.format_text === 'total points'
            ? 'total points'
            : 'ready for mains';
  return (
    <li class="meeting-group" aria-label={`${name} mains`}>
      <div class="meeting-race-head">
        <b>{name}</b> <span class="muted">{group.format_text}</span>{' '}
        <span class="race-status">{status}</span>
      </div>
      <RcStanding group={group} name={name} view={view} riders={riders} />
      {group.proposed && group.kind === 'bmx' && <LaneEditor key={proposalKey(group.proposed)} group={group} name={name} view={view} riders={riders} intent={intent} onDone={onDone} />}
      {group.proposed && group.kind === 'rc' && (
        // RC grids come from the qualifying order: the box confirms them as proposed.
        <div class="mains-proposal" aria-label={`${name} proposal`}>
          {group.proposed.map((race) => (
            <div key={race.race_id} class="proposal-race">
              <b>{race.name}</b> <span class="muted">proposed</span>
              <Lineup race={race} riders={riders} />
            </div>
          ))}
          <button type="button" class="btn btn-primary" disabled={intent.busy} onClick={() => send('meeting.confirm_mains', `${name}: mains confirmed.`)}>
            Confirm mains
          </button>
        </div>
      )}
      {canPropose(view, group) && (
        <button type="button" class="btn" disabled={intent.busy} onClick={() => send('meeting.propose_mains', `${name}: mains proposed.`)}>
          Propose mains
        </button>
      )}
      <Feedback outcome={intent.outcome} />
    </li>
  );
}

export function Mains({ view, riders, operator, onDone }: { view: MeetingView; riders: Riders; operator: Operator; onDone: () => void }) {
  return (
    <div class="meeting-mains">
      <h3>Mains</h3>
      <ul class="meeting-groups">
        {view.groups.map((g) => (
          <GroupMains key={g.group_id} group={g} view={view} riders={riders} operator={operator} onDone={onDone} />
        ))}
      </ul>
    </div>
  );
}
