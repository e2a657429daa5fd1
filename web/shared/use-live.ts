/** @module Preact hooks over the live client: the board state, the connection, and a ticking clock. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ClockSync } from './clock-sync.ts';
import { LiveClient, type ConnectionInfo } from './live-client.ts';
import { emptyLiveState, reduceLive, type LiveState } from './live-state.ts';
import type { LiveChannel, LiveMessage } from './live-types.ts';

type Action = { type: 'message'; message: LiveMessage } | { type: 'reset' };

function reducer(state: LiveState, action: Action): LiveState {
  if (action.type === 'reset') return state.synced ? { ...state, synced: false } : state;
  return reduceLive(state, action.message);
}

export interface Live {
  state: LiveState;
  connection: ConnectionInfo;
  clock: ClockSync;
}

/** Hears every live message with the board state before and after it (the scoreboard's announcer). */
export type LiveListener = (before: LiveState, message: LiveMessage, after: LiveState) => void;

/**
 * Connects once per mounted app, event and track: `eventId` scopes the feed to one event, without it
 * the board follows the event in progress; `trackId` names the track where the page's address does not. Every reconnect's snapshot replaces the state.
 */
export function useLive(channels: readonly LiveChannel[], eventId: string | null = null, listener?: LiveListener, trackId?: string, resolveToken?: (trackId: string) => Promise<string | null>): Live {
  const [state, setState] = useState(emptyLiveState);
  // The state is reduced here, message by message, so a listener sees each step even when renders batch them.
  const current = useRef(emptyLiveState);
  const listening = useRef(listener);
  listening.current = listener;
  const dispatch = (action: Action) => {
    const before = current.current;
    const after = reducer(before, action);
    current.current = after;
    if (after !== before) setState(after);
    if (action.type === 'message') listening.current?.(before, action.message, after);
  };
  const [connection, setConnection] = useState<ConnectionInfo>({ state: 'connecting', lastMessageAt: null, retryAt: null, problem: null });
  const clock = useRef(new ClockSync()).current;
  const client = useRef<LiveClient | null>(null);
  const key = channels.join(',');

  useEffect(() => {
    const live = new LiveClient({
      channels: key.split(',') as LiveChannel[],
      clock,
      ...(eventId !== null ? { eventId } : {}),
      // A page that names its track (the portal) rather than taking it from its address.
      ...(trackId !== undefined ? { resolveTrackId: () => Promise.resolve(trackId) } : {}),
      ...(resolveToken ? { resolveToken } : {}),
      onMessage: (message) => dispatch({ type: 'message', message }),
      onConnection: (info) => {
        if (info.state !== 'live') dispatch({ type: 'reset' });
        setConnection(info);
      },
    });
    client.current = live;
    live.start();
    return () => live.stop();
  }, [key, clock, eventId, trackId]);

  useEffect(() => {
    if (state.resync) client.current?.resync();
  }, [state.resync]);

  return { state, connection, clock };
}

/** The phone's time, re-read every `everyMs`; components that show a clock re-render on their own. */
export function useNow(everyMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs, active]);
  return active ? now : Date.now();
}
