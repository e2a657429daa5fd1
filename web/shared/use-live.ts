/** @module Preact hooks over the live client: the board state, the connection, and a ticking clock. */
import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
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

/** Connects once per mounted app; every reconnect's snapshot replaces the state. */
export function useLive(channels: readonly LiveChannel[]): Live {
  const [state, dispatch] = useReducer(reducer, emptyLiveState);
  const [connection, setConnection] = useState<ConnectionInfo>({ state: 'connecting', lastMessageAt: null, retryAt: null, problem: null });
  const clock = useRef(new ClockSync()).current;
  const key = channels.join(',');

  useEffect(() => {
    const client = new LiveClient({
      channels: key.split(',') as LiveChannel[],
      clock,
      onMessage: (message) => dispatch({ type: 'message', message }),
      onConnection: (info) => {
        if (info.state !== 'live') dispatch({ type: 'reset' });
        setConnection(info);
      },
    });
    client.start();
    return () => client.stop();
  }, [key, clock]);

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
