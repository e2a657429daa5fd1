/** @module The blocks a results page is made of: one race with its heading and rows, one class's standings. */
import type { EventView, RaceView, Standings } from '../../../shared/race/index.ts';
import { html, type Html } from './html.ts';
import type { SheetContext } from './layout.ts';
import { className, raceLines, standingLines } from './result-lines.ts';
import { BMX_STANDINGS, lineTable, raceColumns, TIMED_STANDINGS } from './tables.ts';

const FORMAT = { bmx: 'BMX', timed: 'Timed race', practice: 'Practice' } as const;

const ENDED: Record<string, string> = {
  all_finished: '',
  force_finish: 'ended by race control',
  max_time: 'ended at the maximum race time',
  overtime: 'ended at the end of overtime',
  quiet: 'closed after a quiet track',
};

/** Final, or why these rows may still change. */
export function raceState(race: RaceView): string {
  switch (race.status) {
    case 'finished': {
      const corrected = race.corrections.length > 0 ? `corrected ${race.corrections.length}×` : '';
      return ['Final', ENDED[race.finish_reason ?? 'all_finished'] ?? '', corrected].filter(Boolean).join(', ');
    }
    case 'running':
      return 'Running: provisional';
    case 'staged':
      return 'Staged: not started';
    case 'reset':
      return 'Reset: discarded by race control';
  }
}

export function raceHref(race: RaceView): string {
  return `/results/races/${encodeURIComponent(race.race_id)}`;
}

export function raceSection(ctx: SheetContext, event: EventView, race: RaceView, standings: readonly Standings[], linked = true): Html {
  const details = [
    className(event, race.class_id),
    race.round !== null ? `Round ${race.round}` : '',
    FORMAT[race.format],
    race.started_at_us !== null ? `started ${ctx.time.clock(race.started_at_us)}` : '',
  ].filter(Boolean).join(' · ');
  const state = raceState(race);
  return html`<section class="race" id="race-${race.race_id}" data-race-id="${race.race_id}">
<div class="race-head"><h3>${linked ? html`<a href="${raceHref(race)}">${race.name}</a>` : race.name}</h3><span class="meta">${details}</span><span class="meta status-${race.status}">${state}</span></div>
${race.rows.length === 0 ? html`<p class="note">No riders.</p>` : lineTable(raceColumns(race.format), raceLines(event, race, standings))}
</section>
`;
}

export function standingsSection(event: EventView, s: Standings): Html {
  const title = s.format === 'bmx' ? 'Standings: moto points (lowest total wins)' : 'Standings: best heat';
  return html`<section class="standings" data-class-id="${s.class_id ?? ''}" data-format="${s.format}">
<h3>${title}</h3>
${lineTable(s.format === 'bmx' ? BMX_STANDINGS : TIMED_STANDINGS, standingLines(event, s))}
</section>
`;
}
