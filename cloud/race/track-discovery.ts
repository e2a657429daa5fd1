/**
 * @module Which tracks the raw stream holds: its subjects (`timing.ingest.raw.v1.<track_id>`),
 * listed from stream info every `discover_interval_ms`. One small request per interval whatever
 * the traffic, where watching the subjects would bring every envelope to every worker; a new
 * track is noticed within one interval of its first envelope.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { STREAM_SUBJECTS, STREAMS, TOKEN_PATTERN } from '../../shared/contracts/index.ts';
import { createLogger, RateLimitedWarning } from '../../shared/log/index.ts';

const log = createLogger('cloud:race');
const PREFIX = STREAM_SUBJECTS.ingestRaw.slice(0, -1);

export class TrackDiscovery {
  readonly #tracks = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  readonly #failed = new RateLimitedWarning(log, 'cannot list the raw stream\'s tracks; trying again');

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly intervalMs: number,
    private readonly onChange: () => void,
  ) {}

  async start(): Promise<void> {
    await this.poll();
    this.#timer = setInterval(() => void this.poll(), this.intervalMs);
    this.#timer.unref();
  }

  get tracks(): ReadonlySet<string> {
    return this.#tracks;
  }

  async poll(): Promise<void> {
    let subjects: Record<string, number>;
    try {
      subjects = (await this.jsm.streams.info(STREAMS.ingestRaw, { subjects_filter: STREAM_SUBJECTS.ingestRaw })).state.subjects ?? {};
    } catch (error) {
      this.#failed.add({ err: error as Error });
      return;
    }
    let added = 0;
    for (const subject of Object.keys(subjects)) {
      const track = subject.slice(PREFIX.length);
      // The ingest API only publishes tokens; anything else was put there by hand and is no track.
      if (!subject.startsWith(PREFIX) || !TOKEN_PATTERN.test(track) || this.#tracks.has(track)) continue;
      this.#tracks.add(track);
      added++;
    }
    if (added > 0) this.onChange();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#failed.stop();
  }
}
