/** @module Samples a process's resident memory from /proc, the figure the kernel and systemd account it by. */
import { readFileSync } from 'node:fs';

/** Resident set size in bytes, or null once the process is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface RssSampler {
  /** Highest RSS seen so far, bytes. */
  readonly peak: number;
  readonly samples: number;
  stop(): void;
}

export function sampleRss(pid: number, everyMs = 50): RssSampler {
  const state = { peak: 0, samples: 0 };
  const timer = setInterval(() => {
    const rss = rssBytes(pid);
    if (rss === null) return;
    state.samples++;
    if (rss > state.peak) state.peak = rss;
  }, everyMs);
  return {
    get peak() {
      return state.peak;
    },
    get samples() {
      return state.samples;
    },
    stop: () => clearInterval(timer),
  };
}
