/** @module robots.txt policies per LiveRC host: fetched once, shared by concurrent callers, kept for a TTL. */
import { allowAll, disallowAll, parseRobots, type RobotsPolicy } from './robots.ts';

/** RFC 9309 §2.4: a cached robots.txt should not be used for more than 24 hours. */
export const ROBOTS_TTL_MS = 24 * 60 * 60 * 1000;
/** A host whose robots.txt errs is left alone this long before asking again. */
export const ROBOTS_UNREACHABLE_TTL_MS = 10 * 60 * 1000;
/** About a thousand LiveRC tracks, each its own host. */
const MAX_HOSTS = 2_000;

/** What fetching a robots.txt gave: a status with its text, or no answer at all. */
export type RobotsAnswer = { status: number; body: string } | { status: null; error: string };

/**
 * RFC 9309 §2.3.1: 2xx is parsed; 4xx ("unavailable") allows everything; 5xx and no answer
 * ("unreachable") disallow everything until the next try.
 */
export function policyFromAnswer(answer: RobotsAnswer, robotsUrl: string, token: string): { policy: RobotsPolicy; ttlMs: number } {
  if (answer.status === null) return { policy: disallowAll(`${robotsUrl} unreachable (${answer.error})`), ttlMs: ROBOTS_UNREACHABLE_TTL_MS };
  if (answer.status >= 200 && answer.status <= 299) return { policy: parseRobots(answer.body, token, robotsUrl), ttlMs: ROBOTS_TTL_MS };
  if (answer.status >= 400 && answer.status <= 499) return { policy: allowAll(`${robotsUrl} answered ${answer.status}`), ttlMs: ROBOTS_TTL_MS };
  return { policy: disallowAll(`${robotsUrl} answered ${answer.status}`), ttlMs: ROBOTS_UNREACHABLE_TTL_MS };
}

interface Entry {
  policy: Promise<RobotsPolicy>;
  expires: number;
}

export class RobotsCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly load: (robotsUrl: string) => Promise<{ policy: RobotsPolicy; ttlMs: number }>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The policy for a host's robots.txt; one fetch however many callers ask at once. */
  policy(robotsUrl: string): Promise<RobotsPolicy> {
    const cached = this.#entries.get(robotsUrl);
    if (cached && cached.expires > this.now()) return cached.policy;
    let entry: Entry;
    const policy = this.load(robotsUrl).then(
      (loaded) => {
        entry.expires = this.now() + loaded.ttlMs;
        return loaded.policy;
      },
      (error: unknown) => {
        // A failed load must not stick: the next caller asks again.
        if (this.#entries.get(robotsUrl) === entry) this.#entries.delete(robotsUrl);
        throw error;
      },
    );
    entry = { policy, expires: Number.POSITIVE_INFINITY };
    this.#entries.delete(robotsUrl);
    this.#entries.set(robotsUrl, entry);
    while (this.#entries.size > MAX_HOSTS) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    return entry.policy;
  }
}
