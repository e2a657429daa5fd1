/** @module One GET from the cloud's API as a view needs it: loading, the answer, or the server's words when it refused. */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api.ts';

export type Fetched<T> = { kind: 'loading' } | { kind: 'ok'; body: T } | { kind: 'error'; message: string };

export function useFetch<T>(path: string, received?: () => void): Fetched<T> {
  const [state, setState] = useState<Fetched<T>>({ kind: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    setState({ kind: 'loading' });
    api<T>(path, { signal: abort.signal }).then(
      (body) => {
        received?.();
        setState({ kind: 'ok', body });
      },
      (error) => {
        if (!abort.signal.aborted) setState({ kind: 'error', message: errorText(error) });
      },
    );
    return () => abort.abort();
  }, [path]);
  return state;
}

/** What a view shows until its answer is in: a note while loading, the server's words when refused. */
export function NotYet({ state, loading }: { state: Exclude<Fetched<unknown>, { kind: 'ok' }>; loading: string }) {
  if (state.kind === 'loading') return <p class="note">{loading}</p>;
  return (
    <p class="error" role="alert">
      {state.message}
    </p>
  );
}
