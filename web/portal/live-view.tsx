/**
 * @module Live in the portal: the tracks the cloud has results for, live or idle (read again every
 * 15 s), and one track's live board built from the LAN scoreboard's own components over the
 * cloud's live feed (`/ws/v1/live` on the portal's own origin).
 */
import { useEffect, useState } from 'preact/hooks';
import '../shared/boards/boards.css';
import '../shared/boards/live-board.css';
import { LiveBoard } from '../shared/boards/live-board.tsx';
import { StaleBanner } from '../shared/parts.tsx';
import { useLive } from '../shared/use-live.ts';
import { api } from './api.ts';
import { when } from './chart-data.ts';
import { NotYet, type Fetched } from './use-fetch.tsx';

const REFRESH_MS = 15_000;

interface LiveTrack {
  track_id: string;
  status: 'live' | 'idle';
  last_activity_us: number;
  current_event_id: string | null;
  private: boolean;
}

const lastActivity = (us: number) => (us > 0 ? when(new Date(us / 1000).toISOString()) : 'never');

function useTracks(): Fetched<{ tracks: LiveTrack[]; limit: number }> {
  const [state, setState] = useState<Fetched<{ tracks: LiveTrack[]; limit: number }>>({ kind: 'loading' });
  useEffect(() => {
    let stopped = false;
    const read = () =>
      api<{ tracks: LiveTrack[]; limit: number }>('/api/portal/live/tracks').then(
        (body) => !stopped && setState({ kind: 'ok', body }),
        (error: Error) => !stopped && setState((now) => (now.kind === 'ok' ? now : { kind: 'error', message: error.message })),
      );
    void read();
    const timer = setInterval(read, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return state;
}

export function LiveTracks() {
  const list = useTracks();
  return (
    <section class="panel live-tracks" aria-labelledby="live-title">
      <h2 id="live-title">Live</h2>
      {list.kind !== 'ok' ? (
        <NotYet state={list} loading="Reading the tracks…" />
      ) : list.body.tracks.length === 0 ? (
        <p class="note">No track has sent results to the cloud yet.</p>
      ) : (
        <ul class="race-list">
          {list.body.tracks.map((t) => (
            <li key={t.track_id} data-track={t.track_id}>
              <a href={`#/live/${t.track_id}`}>{t.track_id}</a> <span class={`live-status ${t.status}`}>{t.status === 'live' ? 'live now' : 'idle'}</span>
              <span class="note">
                {t.private ? 'private: members only · ' : ''}last activity {lastActivity(t.last_activity_us)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Each connection asks the portal for a pass: null for a public track, a short viewer token for a private one. */
const viewerPass = async (track: string) => (await api<{ token: string | null }>(`/api/portal/live/tracks/${encodeURIComponent(track)}/pass`)).token;

export function LiveTrackBoard({ track }: { track: string }) {
  const { state, connection, clock } = useLive(['race'], null, undefined, track, viewerPass);
  const live = connection.state === 'live';
  return (
    <section class="panel live-board" aria-labelledby="board-title">
      <p class="crumbs">
        <a href="#/live">← Live</a>
      </p>
      <StaleBanner connection={connection} />
      <h2 id="board-title">
        <span class={`dot${live ? ' dot-live' : ''}`} aria-hidden="true" /> {state.event?.name ?? track}
      </h2>
      <p class="note">Track {track}</p>
      <div class="portal-live-grid">
        <LiveBoard state={state} clock={clock} />
      </div>
    </section>
  );
}
