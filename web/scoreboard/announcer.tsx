/** @module The scoreboard's voice: a toggle a spectator turns on, remembered on the phone, speaking the phrases the live feed makes through the Web Speech API. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LiveListener } from '../shared/use-live.ts';
import { phraseFor } from './announcer-phrases.ts';
import { emptyQueue, offer, spoken, take } from './announcer-queue.ts';

const STORAGE_KEY = 'mre.scoreboard.announcer';
export const TEST_PHRASE = 'Announcer on';
const TICK_MS = 250;

const supported = () => typeof speechSynthesis !== 'undefined' && typeof SpeechSynthesisUtterance !== 'undefined';

function remembered(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

function remember(on: boolean): void {
  try {
    localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // Private browsing can refuse storage: the toggle still works for this visit.
  }
}

/** Cancels first, so the browser's own queue never holds a backlog behind the phrase. */
function say(text: string, volume = 1): void {
  speechSynthesis.cancel();
  utter(text, volume);
}

function utter(text: string, volume: number): void {
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = document.documentElement.lang || 'en';
  utterance.volume = volume;
  speechSynthesis.speak(utterance);
}

export interface Announcer {
  supported: boolean;
  on: boolean;
  toggle: () => void;
  /** For useLive: offers each message's phrase while the announcer is on. */
  listener: LiveListener;
}

export function useAnnouncer(): Announcer {
  const [on, setOn] = useState(() => supported() && remembered());
  const queue = useRef(emptyQueue);
  const unlocked = useRef(false);
  const enabled = useRef(on);
  enabled.current = on;

  const speakDue = () => {
    const next = take(queue.current, performance.now());
    queue.current = next.queue;
    if (next.say !== null) say(next.say);
  };

  useEffect(() => {
    if (!on) return;
    const timer = setInterval(speakDue, TICK_MS);
    // A choice remembered from an earlier visit: phones speak only after a tap on this page, so the first one unlocks the voice.
    const unlock = () => {
      if (unlocked.current) return;
      unlocked.current = true;
      utter('', 0);
    };
    addEventListener('pointerdown', unlock, { once: true, capture: true });
    return () => {
      clearInterval(timer);
      removeEventListener('pointerdown', unlock, { capture: true });
    };
  }, [on]);

  const toggle = () => {
    const next = !on;
    remember(next);
    enabled.current = next;
    setOn(next);
    queue.current = emptyQueue;
    if (!next) {
      speechSynthesis.cancel();
      return;
    }
    // Spoken inside the tap itself: mobile browsers allow speech only from a user gesture.
    unlocked.current = true;
    say(TEST_PHRASE);
    queue.current = spoken(queue.current, TEST_PHRASE, performance.now());
  };

  const listener: LiveListener = (before, message, after) => {
    if (!enabled.current) return;
    const phrase = phraseFor(before, message, after);
    if (phrase === null) return;
    queue.current = offer(queue.current, phrase, performance.now());
    speakDue();
  };

  return { supported: supported(), on, toggle, listener };
}

export function AnnouncerToggle({ announcer }: { announcer: Announcer }) {
  if (!announcer.supported) return null;
  return (
    <button type="button" class={announcer.on ? 'announcer announcer-on' : 'announcer'} aria-pressed={announcer.on} onClick={announcer.toggle} title="Hear the gate, finishes and best laps">
      <svg class="announcer-icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M3 9h4l5-4v14l-5-4H3z" fill="currentColor" />
        {announcer.on ? <path d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" /> : <path d="M16 9l6 6M22 9l-6 6" stroke="currentColor" stroke-width="2" stroke-linecap="round" />}
      </svg>
      Announcer <span class="announcer-state">{announcer.on ? 'on' : 'off'}</span>
    </button>
  );
}
