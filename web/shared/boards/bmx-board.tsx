/** @module The BMX moto board: lanes with plates before the gate; places, times, gaps and points after it. */
import { bmxPlaceLabel, bmxRows } from '../board-order.ts';
import { formatGap, formatRaceTime } from '../format.ts';
import type { BmxRaceView, BmxRow, Highlight } from '../live-types.ts';
import { Plate, rowKey } from '../parts.tsx';

function StagedRow({ row }: { row: BmxRow }) {
  return (
    <li class="row bmx-row bmx-staged" data-rider-id={row.rider_id}>
      <span class="cell-place" aria-label="lane">
        {row.lane}
      </span>
      <Plate plate={row.plate} />
      <span class="cell-name">{row.name}</span>
    </li>
  );
}

function ResultRow({ row, flash }: { row: BmxRow; flash: boolean }) {
  const out = row.status === 'dnf' || row.status === 'dns';
  return (
    <li class={`row bmx-row bmx-${row.status}${flash ? ' flash' : ''}`} data-rider-id={row.rider_id}>
      <span class={`cell-place${out ? ' cell-out' : ''}`}>{bmxPlaceLabel(row)}</span>
      <Plate plate={row.plate} />
      <span class="cell-name">{row.name}</span>
      <span class="cell-time">
        <span class="time-main">{row.status === 'finished' ? formatRaceTime(row.elapsed_ms) : row.status === 'riding' ? '…' : '—'}</span>
        <span class="time-sub">{formatGap(row.gap_ms)}</span>
      </span>
      <span class="cell-points" aria-label="points">
        {row.points ?? ''}
      </span>
    </li>
  );
}

export function BmxBoard({ race, flash }: { race: BmxRaceView; flash: Highlight | null }) {
  const rows = bmxRows(race);
  if (rows.length === 0) return <p class="board-empty">No riders in this moto.</p>;
  if (race.status === 'staged') {
    return (
      <ol class="rows" aria-label="gate lanes">
        <li class="row bmx-row row-head" aria-hidden="true">
          <span>Lane</span>
          <span>Plate</span>
          <span>Rider</span>
        </li>
        {rows.map((row) => (
          <StagedRow key={row.rider_id} row={row} />
        ))}
      </ol>
    );
  }
  return (
    <ol class="rows" aria-label="finish order">
      <li class="row bmx-row row-head" aria-hidden="true">
        <span>Pl</span>
        <span>Plate</span>
        <span>Rider</span>
        <span class="cell-time">Time</span>
        <span class="cell-points">Pts</span>
      </li>
      {rows.map((row) => {
        const lit = flash !== null && flash.rider_id === row.rider_id;
        return <ResultRow key={rowKey(row.rider_id, lit ? flash.n : null)} row={row} flash={lit} />;
      })}
    </ol>
  );
}
