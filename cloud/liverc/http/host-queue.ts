/** @module The politeness queue: one request at a time per queue key (every LiveRC host shares one), starts spaced apart, holds for Retry-After and backoff. */

/** Monotonic milliseconds; wall-clock jumps must not shorten a gap. */
export const monotonicNow = (): number => performance.now();

interface Job {
  enqueued: number;
  start: (waitedMs: number) => void;
  fail: (error: unknown) => void;
}

interface Host {
  waiting: Job[];
  busy: boolean;
  /** When the last request ended (answered or failed): spacing is measured from here. */
  lastEnd: number | null;
  /** No start before this (Retry-After, backoff). */
  holdUntil: number;
  /** Raised above the configured gap by robots.txt Crawl-delay. */
  spacingMs: number;
  timer: NodeJS.Timeout | null;
}

/**
 * Spacing is measured from the end of the previous request to the start of the next. Measured
 * start to start, a request that spent longer connecting (a cold TLS connection, a dropped
 * keep-alive) reaches the host late and the next one early: on loopback at 500 ms the fake
 * LiveRC saw 497.9 ms. From the end, the host never sees two requests closer than the gap.
 * Every caller of one key shares its queue, so concurrency elsewhere cannot raise the rate. The
 * client keys every LiveRC host (`{slug}.liverc.com`, `live.liverc.com`) to one queue: LiveRC is
 * one site, and sixty tracks refreshed at once must not become sixty requests at once.
 */
export class HostQueues {
  readonly #hosts = new Map<string, Host>();
  #closed: Error | null = null;

  constructor(
    private readonly minIntervalMs: number,
    private readonly now: () => number = monotonicNow,
  ) {}

  /**
   * Waits for `origin`'s turn, then runs `job` (given how long it waited) while holding the host.
   * `front` queues it before everyone already waiting, for a retry that must not lose its place.
   * `signal` takes it out of the queue unstarted (rejecting with the signal's reason) when its
   * caller goes away; once started, the job itself answers the signal.
   */
  async run<T>(origin: string, job: (waitedMs: number) => Promise<T>, options: { front?: boolean; signal?: AbortSignal } = {}): Promise<T> {
    if (this.#closed) throw this.#closed;
    const { signal } = options;
    if (signal?.aborted) throw signal.reason;
    const host = this.#host(origin);
    const waited = await new Promise<number>((start, fail) => {
      const leave = () => {
        const at = host.waiting.indexOf(entry);
        if (at >= 0) host.waiting.splice(at, 1);
        fail(signal!.reason);
      };
      const entry: Job = {
        enqueued: this.now(),
        start: (ms) => {
          signal?.removeEventListener('abort', leave);
          start(ms);
        },
        fail: (error) => {
          signal?.removeEventListener('abort', leave);
          fail(error);
        },
      };
      signal?.addEventListener('abort', leave, { once: true });
      if (options.front) host.waiting.unshift(entry);
      else host.waiting.push(entry);
      this.#pump(host);
    });
    try {
      return await job(waited);
    } finally {
      host.busy = false;
      host.lastEnd = this.now();
      this.#pump(host);
    }
  }

  /** Robots.txt Crawl-delay: only ever raises the gap for that key. */
  raiseSpacing(origin: string, ms: number): void {
    const host = this.#host(origin);
    host.spacingMs = Math.max(host.spacingMs, ms);
  }

  spacing(origin: string): number {
    return this.#hosts.get(origin)?.spacingMs ?? this.minIntervalMs;
  }

  /** Nobody starts a request under `origin` for `ms` from now: the site asked for rest, or is failing. */
  hold(origin: string, ms: number): void {
    const host = this.#host(origin);
    host.holdUntil = Math.max(host.holdUntil, this.now() + ms);
  }

  /** Rejects everything still waiting with `reason`; later calls fail with it too. */
  close(reason: Error): void {
    this.#closed = reason;
    for (const host of this.#hosts.values()) {
      if (host.timer) clearTimeout(host.timer);
      host.timer = null;
      for (const job of host.waiting.splice(0)) job.fail(reason);
    }
  }

  #host(origin: string): Host {
    let host = this.#hosts.get(origin);
    if (!host) {
      host = { waiting: [], busy: false, lastEnd: null, holdUntil: 0, spacingMs: this.minIntervalMs, timer: null };
      this.#hosts.set(origin, host);
    }
    return host;
  }

  #pump(host: Host): void {
    if (host.busy || host.timer || host.waiting.length === 0 || this.#closed) return;
    const now = this.now();
    const due = Math.max(host.lastEnd === null ? 0 : host.lastEnd + host.spacingMs, host.holdUntil);
    if (now < due) {
      // Timers can fire a fraction of a millisecond early against performance.now(): re-check on wake.
      host.timer = setTimeout(() => {
        host.timer = null;
        this.#pump(host);
      }, Math.ceil(due - now));
      return;
    }
    const job = host.waiting.shift()!;
    host.busy = true;
    job.start(now - job.enqueued);
  }
}
