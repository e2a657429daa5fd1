/** @module What a race meeting's staging sheet is called: the event sheet links to it by that name and the sheet prints it as its title. */
import type { MeetingView } from '../../../shared/race/meeting-run/types.ts';

/** BMX riders race motos; an RC meeting qualifies in heats, so its sheet is the heat list. */
export const sheetTitle = (meeting: MeetingView): 'Moto sheet' | 'Heat list' => (meeting.order.length > 0 && !meeting.order.some((r) => r.kind === 'moto') ? 'Heat list' : 'Moto sheet');
