/** @module Small pieces both apps show: clocks on box time, number plates, row keys that restart the flash, and the stale banner. */
import type { ClockSync } from './clock-sync.ts';
import { formatAgo, formatCountdown, formatRunningClock, formatSessionClock } from './format.ts';
import { isStale, type ConnectionInfo } from './live-client.ts';
import { useNow } from './use-live.ts';

/** Time since `startedAtUs`, to tenths (a race) or to the second (a practice session), corrected by the box/phone clock difference. */
export function RunningClock({ startedAtUs, clock, session = false }: { startedAtUs: number; clock: ClockSync; session?: boolean }) {
  const now = useNow(session ? 1000 : 100);
  const elapsed = now + clock.offsetMs - startedAtUs / 1000;
  return (
    <span class="clock" aria-label={session ? 'time on track' : 'race clock'}>
      {session ? formatSessionClock(elapsed) : formatRunningClock(elapsed)}
    </span>
  );
}

/** Time left until `endsAtUs`; after it, the drivers are on their last lap. */
export function Countdown({ endsAtUs, clock }: { endsAtUs: number; clock: ClockSync }) {
  const now = useNow(250);
  const left = endsAtUs / 1000 - (now + clock.offsetMs);
  if (left <= 0) return <span class="clock clock-done">LAST LAP</span>;
  return (
    <span class="clock" aria-label="time left">
      {formatCountdown(left)}
    </span>
  );
}

/** A number plate as riders know it, the way it reads from the grandstand. */
export function Plate({ plate }: { plate: string | null }) {
  if (!plate) return <span class="plate plate-none" aria-hidden="true" />;
  return <span class="plate">{plate}</span>;
}

/** The row key that restarts the flash animation when the same row changes again. */
export function rowKey(id: string, flashN: number | null): string {
  return flashN === null ? id : `${id}#${flashN}`;
}

const sentence = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}.`;

export function StaleBanner({ connection }: { connection: ConnectionInfo }) {
  const now = useNow(1000);
  if (!isStale(connection, now)) return null;
  const { lastMessageAt, state, problem, retryAt } = connection;

  // The first few hundred ms of every page load: nothing is wrong yet, so no red.
  if (lastMessageAt === null && state === 'connecting' && problem === null) {
    return (
      <div class="stale stale-first" role="status">
        <strong>Connecting to the box…</strong>
      </div>
    );
  }
  const retryIn = retryAt !== null ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : null;
  const parts = [
    lastMessageAt === null ? 'No data from the box yet.' : `Last update ${formatAgo(now - lastMessageAt)}.`,
    problem ? sentence(problem) : null,
    state === 'connecting' ? 'Reconnecting…' : retryIn !== null ? `Retrying in ${retryIn} s.` : null,
  ];
  return (
    <div class="stale" role="status" aria-live="polite">
      <strong>{lastMessageAt === null ? 'NOT CONNECTED' : 'STALE — not live'}</strong>
      <span>{parts.filter(Boolean).join(' ')}</span>
    </div>
  );
}
