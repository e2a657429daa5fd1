/** @module Printed tables: which columns each kind of sheet shows, under which headings, from the same rows the CSV carries. */
import { html, type Html } from './html.ts';
import type { Column, Line } from './result-lines.ts';

interface PrintColumn {
  key: Column;
  label: string;
  num?: boolean;
}

const position = (label: string): PrintColumn => ({ key: 'position', label, num: true });
const rider = (label: string): PrintColumn => ({ key: 'name', label });
const plate: PrintColumn = { key: 'plate', label: 'Plate', num: true };

/** Place, rider, plate, time, points and the class's moto total, as BMX moto sheets print them. */
export const BMX_RACE: PrintColumn[] = [position('Place'), rider('Rider'), plate, { key: 'lane', label: 'Lane', num: true }, { key: 'time', label: 'Time', num: true }, { key: 'gap', label: 'Gap', num: true }, { key: 'points', label: 'Pts', num: true }, { key: 'moto_total', label: 'Total', num: true }];
/** LiveRC's results columns. */
export const TIMED_RACE: PrintColumn[] = [position('Pos'), rider('Driver'), { ...plate, label: 'No.' }, { key: 'result', label: 'Laps/Time', num: true }, { key: 'behind', label: 'Behind', num: true }, { key: 'fastest_lap', label: 'Fastest', num: true }, { key: 'fastest_lap_number', label: 'On lap', num: true }, { key: 'avg_lap', label: 'Avg lap', num: true }, { key: 'consistency', label: 'Consist. %', num: true }];
export const PRACTICE: PrintColumn[] = [position('Pos'), rider('Driver'), { ...plate, label: 'No.' }, { key: 'laps', label: 'Laps', num: true }, { key: 'fastest_lap', label: 'Best lap', num: true }, { key: 'fastest_lap_number', label: 'On lap', num: true }];
export const BMX_STANDINGS: PrintColumn[] = [position('Pos'), rider('Rider'), plate, { key: 'results', label: 'Motos', num: true }, { key: 'points', label: 'Total', num: true }];
/** A meeting's result: the race each place comes from, `Main` or `Motos`. */
export const MEETING_RESULT: PrintColumn[] = [position('Pos'), rider('Rider'), plate, { key: 'race', label: 'From' }];
/** An RC meeting's qualifying order: TQ marked, and the result the class's rule ranks by. */
export const QUALIFYING: PrintColumn[] = [position('Pos'), { key: 'status', label: '' }, rider('Driver'), { ...plate, label: 'No.' }, { key: 'result', label: 'Ranked by', num: true }];
export const TIMED_STANDINGS: PrintColumn[] = [position('Pos'), rider('Driver'), { ...plate, label: 'No.' }, { key: 'results', label: 'Heats' }, { key: 'result', label: 'Best', num: true }];

export const raceColumns = (format: string): PrintColumn[] => (format === 'bmx' ? BMX_RACE : format === 'timed' ? TIMED_RACE : PRACTICE);

/** Each cell is classed by its column (`td.time`, `td.points`), so a reader's stylesheet or a test can pick it. */
const cellClass = (c: PrintColumn) => (c.num ? `${c.key} num` : c.key);

export function lineTable(columns: readonly PrintColumn[], lines: readonly Line[]): Html {
  return html`<div class="scroll"><table>
<thead><tr>${columns.map((c) => html`<th class="${cellClass(c)}">${c.label}</th>`)}</tr></thead>
<tbody>
${lines.map((line) => html`<tr data-rider="${line.rider_id}">${columns.map((c) => html`<td class="${cellClass(c)}">${line[c.key]}</td>`)}</tr>\n`)}</tbody>
</table></div>`;
}
