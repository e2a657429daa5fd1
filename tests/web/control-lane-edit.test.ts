/** @module Race control's lane editing of proposed BMX mains as data: the draft from the proposal, lanes two riders share, what moved, a confirm_mains body the contract accepts (with `races` only when a lane changed), and a fresh draft for a fresh proposal. */
import { describe, expect, test } from 'vitest';
import { meetingIntentSchemas } from '../../shared/contracts/meeting.ts';
import { confirmArgs, draftOf, gateLanes, laneClashes, laneMoves, proposalKey, withLane } from '../../web/control/lane-edit.ts';
import type { PlannedRace } from '../../web/control/meeting-model.ts';

const semi = (n: number, riders: string[]): PlannedRace => ({
  race_id: `cup-b13-semi-${n}`,
  name: `Semi ${n}`,
  kind: 'stage',
  format: 'bmx',
  group_id: 'b13',
  class_ids: ['b13'],
  round: null,
  lineup: riders.map((rider_id, i) => ({ lane: i + 1, rider_id })),
});

const SEMIS = [semi(1, ['a', 'b', 'c', 'd']), semi(2, ['e', 'f', 'g'])];
const confirmSchema = meetingIntentSchemas['meeting.confirm_mains'];

describe('control lane edit', () => {
  test('control lane edit - an untouched proposal moves nobody, clashes nowhere, and confirms without races', () => {
    const draft = draftOf(SEMIS);
    expect(draft).toEqual({ 'cup-b13-semi-1': { a: 1, b: 2, c: 3, d: 4 }, 'cup-b13-semi-2': { e: 1, f: 2, g: 3 } });
    expect([laneMoves(SEMIS, draft), laneClashes(SEMIS, draft)]).toEqual([[], []]);
    const args = confirmArgs('cup', 'b13', SEMIS, draft);
    expect(args).toEqual({ event_id: 'cup', group_id: 'b13' });
    expect(confirmSchema.safeParse(args).success).toBe(true);
  });

  test('control lane edit - one rider into a taken lane is a clash naming both riders; moving the other back clears it, and confirm sends every race by lane', () => {
    const half = withLane(draftOf(SEMIS), 'cup-b13-semi-1', 'a', 3);
    expect(laneClashes(SEMIS, half)).toEqual([{ race_id: 'cup-b13-semi-1', lane: 3, rider_ids: ['a', 'c'] }]);
    expect(laneMoves(SEMIS, half)).toEqual([{ race_id: 'cup-b13-semi-1', rider_id: 'a', from: 1, to: 3 }]);
    // The same lane number in another race is no clash.
    expect(laneClashes(SEMIS, withLane(half, 'cup-b13-semi-2', 'e', 3)).map((c) => c.race_id)).toEqual(['cup-b13-semi-1', 'cup-b13-semi-2']);

    const swapped = withLane(half, 'cup-b13-semi-1', 'c', 1);
    expect(laneClashes(SEMIS, swapped)).toEqual([]);
    expect(laneMoves(SEMIS, swapped).map((m) => `${m.rider_id} ${m.from}→${m.to}`)).toEqual(['a 1→3', 'c 3→1']);
    const args = confirmArgs('cup', 'b13', SEMIS, swapped);
    expect(args).toEqual({
      event_id: 'cup',
      group_id: 'b13',
      races: [
        { race_id: 'cup-b13-semi-1', lineup: [{ lane: 1, rider_id: 'c' }, { lane: 2, rider_id: 'b' }, { lane: 3, rider_id: 'a' }, { lane: 4, rider_id: 'd' }] },
        { race_id: 'cup-b13-semi-2', lineup: [{ lane: 1, rider_id: 'e' }, { lane: 2, rider_id: 'f' }, { lane: 3, rider_id: 'g' }] },
      ],
    });
    expect(confirmSchema.safeParse(args).success).toBe(true);
  });

  test('control lane edit - a rider moved to an empty lane of the gate leaves their own lane empty; moved back, the draft confirms as proposed', () => {
    const out = withLane(draftOf(SEMIS), 'cup-b13-semi-2', 'g', 8);
    expect(laneClashes(SEMIS, out)).toEqual([]);
    expect((confirmArgs('cup', 'b13', SEMIS, out).races as { lineup: unknown[] }[])[1]!.lineup).toEqual([{ lane: 1, rider_id: 'e' }, { lane: 2, rider_id: 'f' }, { lane: 8, rider_id: 'g' }]);
    expect(confirmArgs('cup', 'b13', SEMIS, withLane(out, 'cup-b13-semi-2', 'g', 3))).toEqual({ event_id: 'cup', group_id: 'b13' });
  });

  test('control lane edit - a draft never changes the proposal it came from, and another proposal has another key', () => {
    const before = JSON.stringify(SEMIS);
    const draft = draftOf(SEMIS);
    withLane(draft, 'cup-b13-semi-1', 'a', 2);
    expect([JSON.stringify(SEMIS), draft['cup-b13-semi-1']!.a]).toEqual([before, 1]);
    expect(proposalKey(SEMIS)).toBe(proposalKey(structuredClone(SEMIS)));
    expect(proposalKey(SEMIS)).not.toBe(proposalKey([semi(1, ['a', 'b', 'd', 'c']), SEMIS[1]!]));
    expect(gateLanes(8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(gateLanes(6)).toHaveLength(6);
  });
});
