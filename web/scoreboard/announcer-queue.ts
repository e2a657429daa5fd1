/** @module When the announcer speaks: one phrase at a time, a few seconds apart, the newest waiting phrase winning and stale ones dropped. */
import type { Phrase } from './announcer-phrases.ts';

/** The least time from one utterance to the next. */
export const GAP_MS = 4000;
/** A voice reads about 14 characters a second: a long finish order holds the next phrase until it is done. */
export const MS_PER_CHAR = 70;
/** How long a phrase may wait before it is no longer news. */
export const STALE_MS: Record<Phrase['priority'], number> = { headline: 15_000, chatter: 6000 };

export interface SpeechQueue {
  /** At most one phrase waits: a backlog would read out a race that is long over. */
  pending: { phrase: Phrase; at: number } | null;
  /** Until when the last utterance holds the voice (page time, ms). */
  busyUntil: number;
}

export const emptyQueue: SpeechQueue = { pending: null, busyUntil: 0 };

/** A new phrase replaces the waiting one, except that chatter never pushes out a headline. */
export function offer(queue: SpeechQueue, phrase: Phrase, now: number): SpeechQueue {
  const waiting = queue.pending;
  if (waiting && waiting.phrase.priority === 'headline' && phrase.priority === 'chatter' && now - waiting.at <= STALE_MS.headline) return queue;
  return { ...queue, pending: { phrase, at: now } };
}

/** Notes an utterance started now, such as the test phrase spoken straight from a tap. */
export function spoken(queue: SpeechQueue, text: string, now: number): SpeechQueue {
  return { ...queue, busyUntil: now + Math.max(GAP_MS, text.length * MS_PER_CHAR) };
}

/** What to say now, if anything: the waiting phrase once the voice is free, unless it went stale first. */
export function take(queue: SpeechQueue, now: number): { queue: SpeechQueue; say: string | null } {
  const waiting = queue.pending;
  if (!waiting) return { queue, say: null };
  if (now - waiting.at > STALE_MS[waiting.phrase.priority]) return { queue: { ...queue, pending: null }, say: null };
  if (now < queue.busyUntil) return { queue, say: null };
  return { queue: spoken({ ...queue, pending: null }, waiting.phrase.text, now), say: waiting.phrase.text };
}
