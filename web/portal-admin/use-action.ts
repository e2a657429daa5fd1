/** @module One button's request as the console shows it: busy while it runs, then the server's answer or its refusal in its own words. */
import { useState } from 'preact/hooks';
import { errorText } from '../portal/api.ts';

export type ActionView<T> = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; value: T } | { kind: 'failed'; message: string };

export function useAction<T>(): { view: ActionView<T>; run: (work: () => Promise<T>) => Promise<T | null>; reset: () => void } {
  const [view, setView] = useState<ActionView<T>>({ kind: 'idle' });
  const run = async (work: () => Promise<T>): Promise<T | null> => {
    setView({ kind: 'busy' });
    try {
      const value = await work();
      setView({ kind: 'done', value });
      return value;
    } catch (error) {
      setView({ kind: 'failed', message: errorText(error) });
      return null;
    }
  };
  return { view, run, reset: () => setView({ kind: 'idle' }) };
}
