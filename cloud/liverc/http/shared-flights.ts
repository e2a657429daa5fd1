/** @module Identical work in flight done once: callers of one key share one run and its result, and the run is aborted only when every caller has gone away. */

interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  callers: number;
}

/**
 * Two admins refreshing the same track, or an import and a refresh asking for the same page,
 * cost LiveRC one request, and both get its answer. A caller that goes away (its signal aborts)
 * is released at once; the shared run goes on for the others and stops only when none is left,
 * so a page nobody waits for any more is not requested.
 */
export class SharedFlights<T> {
  readonly #flights = new Map<string, Flight<T>>();

  /** `cancelled` makes the error a caller gets when its own signal aborts. */
  constructor(private readonly cancelled: (key: string) => Error) {}

  /** Runs in flight now (joiners not counted). */
  get size(): number {
    return this.#flights.size;
  }

  has(key: string): boolean {
    return this.#flights.has(key);
  }

  /** `work` gets a signal that aborts once every caller of `key` has gone away. */
  run(key: string, work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(this.cancelled(key));
    let flight = this.#flights.get(key);
    if (!flight) {
      const controller = new AbortController();
      const started: Flight<T> = { controller, callers: 0, promise: Promise.resolve().then(() => work(controller.signal)) };
      started.promise.then(
        () => this.#forget(key, started),
        () => this.#forget(key, started),
      );
      this.#flights.set(key, started);
      flight = started;
    }
    const joined = flight;
    joined.callers++;
    if (!signal) return joined.promise;
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        joined.callers--;
        if (joined.callers === 0) {
          // Nobody waits for it any more: a later caller starts afresh rather than joining a run being torn down.
          this.#forget(key, joined);
          joined.controller.abort(this.cancelled(key));
        }
        reject(this.cancelled(key));
      };
      signal.addEventListener('abort', leave, { once: true });
      joined.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error);
        },
      );
    });
  }

  #forget(key: string, flight: Flight<T>): void {
    if (this.#flights.get(key) === flight) this.#flights.delete(key);
  }
}
