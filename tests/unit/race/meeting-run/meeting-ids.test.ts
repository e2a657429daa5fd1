/** @module Meeting race ids: combined classes ride as one group whose races get valid ids, and ids built from the longest event and class ids stay tokens. */
import { describe, expect, it } from 'vitest';
import { TOKEN_PATTERN } from '../../../../shared/contracts/index.ts';
import { freeRaceId, meetingRaceId } from '../../../../shared/race/meeting-run/ids.ts';
import { dayEvent, MeetingDay } from './meeting-day.ts';

describe('meeting ids', () => {
  it('meeting ids - combined classes ride one moto and one main: group g6+g7, races of the event\'s first class, ids without "+"', () => {
    const day = new MeetingDay('cup', dayEvent('cup', [{ class_id: 'g6', riders: 2 }, { class_id: 'g7', riders: 3 }], 'finish'));
    day.intent('meeting.setup', { event_id: 'cup', bmx: { classes: [{ class_id: 'g6' }, { class_id: 'g7' }], combine: [['g6', 'g7']] } });
    day.intent('meeting.draw_motos', { event_id: 'cup' });
    expect(day.meeting().groups.map((g) => [g.group_id, g.class_ids, g.format_text])).toEqual([['g6+g7', ['g6', 'g7'], '1-1-2']]);
    while (day.meeting().now_next.at_gate !== null) day.runMoto(day.stageNext());
    expect(day.refusal('meeting.propose_mains', { event_id: 'cup', group_id: 'g6+g7' })).toBeNull();
    expect(day.refusal('meeting.confirm_mains', { event_id: 'cup', group_id: 'g6+g7' })).toBeNull();
    const main = day.stageNext();
    expect(main).toBe('cup-g6_g7-main-1');
    const race = day.engine.race(main)!.race;
    expect([race.name, race.class_id, day.lineup(main).length]).toEqual(['Main', 'g6', 5]);
  });

  it('meeting ids - the longest event, class and group ids still give tokens of 64 characters at most, distinct for distinct names', () => {
    const event = `e${'x'.repeat(63)}`;
    const ids = [meetingRaceId(event, 'moto-1'), meetingRaceId(event, `c${'y'.repeat(63)}`, 'q10', 12), meetingRaceId(event, `a${'z'.repeat(40)}+b${'z'.repeat(40)}`, 'sixteenth', 16)];
    for (const id of ids) expect(id, id).toMatch(TOKEN_PATTERN);
    expect(meetingRaceId(`${event.slice(0, 40)}a`, 'moto-1')).not.toBe(meetingRaceId(`${event.slice(0, 40)}b`, 'moto-1'));
    expect(freeRaceId('cup-moto-1', (id) => ['cup-moto-1', 'cup-moto-1-2'].includes(id))).toBe('cup-moto-1-3');
  });
});
