/** @module The "latest passings" strip: every loop crossing as the decoder saw it, newest first, for spectators who like the raw feed. */
import type { ClockSync } from '../shared/clock-sync.ts';
import { formatAgo } from '../shared/format.ts';
import type { LivePassing } from '../shared/live-types.ts';
import { useNow } from '../shared/use-live.ts';

const SHOWN = 8;

function label(passing: LivePassing): string {
  if (passing.gate) return 'GATE';
  return passing.name ?? `#${passing.transponder}`;
}

export function PassingsStrip({ passings, clock }: { passings: LivePassing[]; clock: ClockSync }) {
  // Re-render each second so the ages move; the clock reads the time itself.
  useNow(1000, passings.length > 0);
  if (passings.length === 0) return null;
  return (
    <section class="passings" aria-label="latest passings">
      <h2 class="section-title">Latest passings</h2>
      <ol class="passing-list">
        {passings.slice(0, SHOWN).map((p) => (
          <li key={`${p.decoder_id}:${p.passing_number}`} class={p.gate ? 'passing passing-gate' : 'passing'}>
            <span class="passing-who">{label(p)}</span>
            <span class="passing-when">{formatAgo(clock.sinceUs(p.captured_at_us))}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
