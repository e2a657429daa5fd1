/**
 * @module Sends one track's envelopes to the cloud's ingest API the way the box's sync loop does:
 * one request in flight, whatever was logged meanwhile in the next batch (at most 500), woken by
 * each new envelope. Records when each envelope was acknowledged.
 */
import type { Envelope } from '../../shared/contracts/index.ts';
import { INGEST_BATCH_PATH } from '../../shared/contracts/ingest.ts';
import { nowUs } from './live-track-log.ts';

const BATCH = 500;

export class BoxSender {
  readonly #queue: Envelope[] = [];
  /** µs from capture to the cloud's 200, per envelope sent. */
  readonly ackDelaysUs: number[] = [];
  #wake: (() => void) | undefined;
  #stopped = false;
  readonly #loop: Promise<void>;

  constructor(
    private readonly cloudUrl: string,
    private readonly token: string,
  ) {
    this.#loop = this.#run();
  }

  send(...envelopes: Envelope[]): void {
    this.#queue.push(...envelopes);
    this.#wake?.();
  }

  get waiting(): number {
    return this.#queue.length;
  }

  /** Sends what is still waiting, then stops. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    for (;;) {
      if (this.#queue.length === 0) {
        if (this.#stopped) return;
        await new Promise<void>((resolve) => (this.#wake = resolve));
        continue;
      }
      const batch = this.#queue.splice(0, BATCH);
      const response = await fetch(`${this.cloudUrl}${INGEST_BATCH_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ envelopes: batch }) });
      const answer = (await response.json()) as { accepted?: number; error?: string };
      // The benchmark measures a healthy cloud: any refusal is a failure of the run, not a retry.
      if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${answer.error ?? JSON.stringify(answer)}`);
      const at = nowUs();
      for (const envelope of batch) this.ackDelaysUs.push(at - envelope.captured_at_us);
    }
  }
}
