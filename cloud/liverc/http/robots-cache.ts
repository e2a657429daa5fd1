/** @module robots.txt policies per LiveRC host: fetched once, shared by concurrent callers, kept for a TTL; a robots.txt that got no answer is never kept. */
import { allowAll, disallowAll, parseRobots, type RobotsPolicy } from './robots.ts';
import { SharedFlights } from './shared-flights.ts';

/** RFC 9309 §2.4: a cached robots.txt should not be used for more than 24 hours. */
export const ROBOTS_TTL_MS = 24 * 60 * 60 * 1000;
/** A host whose robots.txt answers 5xx is left alone this long before asking again. */
export const ROBOTS_UNREACHABLE_TTL_MS = 10 * 60 * 1000;
/** About a thousand LiveRC tracks, each its own host. */
const MAX_HOSTS = 2_000;

/** What the host answered for its robots.txt. No answer at all (DNS, refused, timeout) is an error, never a policy. */
export interface RobotsAnswer {
  status: number;
  body: string;
}

/**
 * RFC 9309 §2.3.1: 2xx is parsed; 4xx ("unavailable") allows everything; 5xx ("unreachable")
 * disallows everything until the next try. A robots.txt that got no answer is not read as any
 * of these: the page fails with the real cause (a host that does not resolve, a refused
 * connection, a timeout) and the next call asks again, so a DNS fault never poses as a refusal.
 */
export function policyFromAnswer(answer: RobotsAnswer, robotsUrl: string, token: string): { policy: RobotsPolicy; ttlMs: number } {
  if (answer.status >= 200 && answer.status <= 299) return { policy: parseRobots(answer.body, token, robotsUrl), ttlMs: ROBOTS_TTL_MS };
  if (answer.status >= 400 && answer.status <= 499) return { policy: allowAll(`${robotsUrl} answered ${answer.status}`), ttlMs: ROBOTS_TTL_MS };
  return { policy: disallowAll(`${robotsUrl} answered ${answer.status}`), ttlMs: ROBOTS_UNREACHABLE_TTL_MS };
}

interface Entry {
  policy: RobotsPolicy;
  expires: number;
}

type Loaded = { policy: RobotsPolicy; ttlMs: number };

export class RobotsCache {
  readonly #entries = new Map<string, Entry>();
  readonly #loading: SharedFlights<Loaded>;

  constructor(
    private readonly load: (robotsUrl: string, signal: AbortSignal) => Promise<Loaded>,
    private readonly now: () => number = Date.now,
    cancelled: (robotsUrl: string) => Error = (robotsUrl) => new Error(`${robotsUrl} no longer wanted`),
  ) {
    this.#loading = new SharedFlights(cancelled);
  }

  /**
   * The policy for a host's robots.txt; one fetch however many callers ask at once. A load
   * that fails is not kept: the next caller asks again.
   */
  async policy(robotsUrl: string, signal?: AbortSignal): Promise<RobotsPolicy> {
    const cached = this.#entries.get(robotsUrl);
    if (cached && cached.expires > this.now()) return cached.policy;
    const loaded = await this.#loading.run(
      robotsUrl,
      async (shared) => {
        const result = await this.load(robotsUrl, shared);
        this.#entries.delete(robotsUrl);
        this.#entries.set(robotsUrl, { policy: result.policy, expires: this.now() + result.ttlMs });
        while (this.#entries.size > MAX_HOSTS) {
          const oldest = this.#entries.keys().next();
          if (oldest.done) break;
          this.#entries.delete(oldest.value);
        }
        return result;
      },
      signal,
    );
    return loaded.policy;
  }
}
