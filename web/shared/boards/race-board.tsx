/** @module One race as a board: heading, status badge, clock, and the rows of its format. */
import type { ClockSync } from '../clock-sync.ts';
import { finishReasonText, raceTitle, statusLabel } from '../board-order.ts';
import { formatCountdown } from '../format.ts';
import type { Highlight, RaceView } from '../live-types.ts';
import { BmxBoard } from './bmx-board.tsx';
import { Countdown, RunningClock } from '../parts.tsx';
import { PracticeBoard, TimedBoard } from './lap-boards.tsx';

export interface RaceBoardProps {
  race: RaceView;
  classLabel: string | null;
  clock: ClockSync;
  highlight: Highlight | null;
  /** Smaller type, for results below the race on track. */
  compact?: boolean;
}

function RaceClock({ race, clock }: { race: RaceView; clock: ClockSync }) {
  if (race.status === 'staged' && race.format === 'timed') return <span class="clock">{formatCountdown(race.settings.duration_ms)}</span>;
  if (race.status !== 'running' || race.started_at_us === null) return null;
  if (race.format === 'timed' && race.ends_at_us !== null) return <Countdown endsAtUs={race.ends_at_us} clock={clock} />;
  return <RunningClock startedAtUs={race.started_at_us} clock={clock} session={race.format === 'practice'} />;
}

export function RaceBoard({ race, classLabel, clock, highlight, compact = false }: RaceBoardProps) {
  const { title, subtitle } = raceTitle(race, classLabel);
  const badge = statusLabel(race);
  const reason = finishReasonText(race);
  const flash = highlight?.race_id === race.race_id ? highlight : null;
  return (
    <section class={`board board-${race.format}${compact ? ' board-compact' : ''}`} data-race-id={race.race_id} data-status={race.status}>
      <header class="board-head">
        <div class="board-title">
          {subtitle && <div class="board-subtitle">{subtitle}</div>}
          <h2>{title}</h2>
        </div>
        <div class="board-state">
          <span class={`badge badge-${badge.toLowerCase()}`}>{badge}</span>
          <RaceClock race={race} clock={clock} />
          {reason && <span class="board-reason">{reason}</span>}
        </div>
      </header>
      {race.format === 'bmx' && <BmxBoard race={race} flash={flash} />}
      {race.format === 'timed' && <TimedBoard race={race} flash={flash} />}
      {race.format === 'practice' && <PracticeBoard race={race} flash={flash} />}
    </section>
  );
}
