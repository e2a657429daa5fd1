/** @module Boards of lap racing: the timed (RC) race in running order, and the practice board ranked by best lap. */
import { timedCells } from '../board-order.ts';
import { formatRaceTime } from '../format.ts';
import type { Highlight, PracticeRaceView, PracticeRow, TimedRaceView, TimedRow } from '../live-types.ts';
import { Plate, rowKey } from '../parts.tsx';

function isLit(flash: Highlight | null, row: TimedRow): boolean {
  if (flash === null) return false;
  if (flash.rider_id !== null) return flash.rider_id === row.rider_id;
  return flash.transponder !== null && flash.transponder === row.transponder;
}

function TimedRowView({ row, flash }: { row: TimedRow; flash: boolean }) {
  const cells = timedCells(row);
  return (
    <li class={`row timed-row timed-${row.status}${flash ? ' flash' : ''}`} data-rider-id={row.rider_id}>
      <span class="cell-place">{row.position}</span>
      <span class="cell-name">
        {row.plate && <Plate plate={row.plate} />}
        {row.name}
      </span>
      <span class="cell-result">{cells.result}</span>
      <span class="cell-laps">
        <span>
          Last <b>{formatRaceTime(row.last_lap_ms)}</b>
        </span>
        <span>
          Best <b>{formatRaceTime(row.best_lap_ms)}</b>
        </span>
      </span>
      <span class="cell-behind">{cells.behind}</span>
    </li>
  );
}

export function TimedBoard({ race, flash }: { race: TimedRaceView; flash: Highlight | null }) {
  if (race.rows.length === 0) return <p class="board-empty">No drivers in this race.</p>;
  const rows = [...race.rows].sort((a, b) => a.position - b.position);
  return (
    <ol class="rows" aria-label="running order">
      {rows.map((row) => {
        const lit = isLit(flash, row);
        return <TimedRowView key={rowKey(row.rider_id, lit && flash ? flash.n : null)} row={row} flash={lit} />;
      })}
    </ol>
  );
}

function PracticeRowView({ row, flash }: { row: PracticeRow; flash: boolean }) {
  return (
    <li class={`row practice-row${flash ? ' flash' : ''}`} data-transponder={row.transponder}>
      <span class="cell-place">{row.position}</span>
      <span class="cell-name">
        {row.plate && <Plate plate={row.plate} />}
        {row.name || `#${row.transponder}`}
      </span>
      <span class="cell-result">{formatRaceTime(row.best_lap_ms)}</span>
      <span class="cell-laps">
        <span>
          Last <b>{formatRaceTime(row.last_lap_ms)}</b>
        </span>
        <span>
          Laps <b>{row.laps}</b>
        </span>
      </span>
    </li>
  );
}

export function PracticeBoard({ race, flash }: { race: PracticeRaceView; flash: Highlight | null }) {
  const { stats } = race;
  const rows = [...race.rows].sort((a, b) => a.position - b.position);
  return (
    <>
      <dl class="stats">
        <div>
          <dt>Laps</dt>
          <dd>{stats.total_laps}</dd>
        </div>
        <div>
          <dt>Drivers</dt>
          <dd>{stats.drivers}</dd>
        </div>
        <div class="stats-best">
          <dt>Best lap</dt>
          <dd>{stats.best ? `${formatRaceTime(stats.best.lap_ms)} ${stats.best.name || `#${stats.best.transponder}`}` : '—'}</dd>
        </div>
      </dl>
      {stats.off_board ? (
        <p class="board-full">
          Board full at {rows.length} cars: {stats.off_board} {stats.off_board === 1 ? 'crossing' : 'crossings'} of other transponders not shown.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p class="board-empty">Waiting for the first lap.</p>
      ) : (
        <ol class="rows" aria-label="practice order">
          {rows.map((row) => {
            const lit = flash !== null && (flash.transponder === row.transponder || (flash.rider_id !== null && flash.rider_id === row.rider_id));
            return <PracticeRowView key={rowKey(String(row.transponder), lit && flash ? flash.n : null)} row={row} flash={lit} />;
          })}
        </ol>
      )}
    </>
  );
}
