/** @module The live WebSocket client: connects with the box's track id, reconnects with jittered backoff, spots silence, honours lag hints. */
import { ClockSync } from './clock-sync.ts';
import type { LiveChannel, LiveMessage } from './live-types.ts';

/** The box sends a heartbeat every 5 s: 12 s of silence means two were lost, so the feed is stale. */
export const STALE_AFTER_MS = 12_000;
export const RETRY_MIN_MS = 1_000;
export const RETRY_MAX_MS = 10_000;

export type ConnectionState = 'connecting' | 'live' | 'offline';

export interface ConnectionInfo {
  state: ConnectionState;
  /** Phone time (ms) of the last message of any kind, heartbeats included; null before the first. */
  lastMessageAt: number | null;
  /** Phone time (ms) of the next attempt while offline. */
  retryAt: number | null;
  /** Why the last connection ended, in words for the banner. */
  problem: string | null;
}

export interface LiveClientOptions {
  channels: readonly LiveChannel[];
  onMessage: (message: LiveMessage) => void;
  onConnection?: (info: ConnectionInfo) => void;
  clock?: ClockSync;
  eventId?: string;
  /** Where the track id comes from; by default the page's `/t/<track_id>/` address (the cloud), else `GET /api/status` (the box). */
  resolveTrackId?: () => Promise<string>;
  /** A viewer token for the track, asked for on each connection (the portal's short passes); by default the page address's `?token=`. */
  resolveToken?: (trackId: string) => Promise<string | null>;
  /** Silence after which the connection is dropped and made again; default STALE_AFTER_MS. */
  staleAfterMs?: number;
}

/** Attempt 0 waits about 1 s, doubling up to 10 s; ±25 % jitter so phones do not return in step after an outage. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.max(0, attempt));
  const jittered = base * (0.75 + random() * 0.5);
  return Math.round(Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, jittered)));
}

/** Stale: not connected, or nothing (not even a heartbeat) for 12 s. */
export function isStale(connection: ConnectionInfo, now: number): boolean {
  if (connection.state !== 'live') return true;
  return connection.lastMessageAt === null || now - connection.lastMessageAt > STALE_AFTER_MS;
}

const decoder = new TextDecoder();

/** In the cloud the scoreboard is served per track at `/t/<track_id>/`: the address names the track. */
export function trackIdFromPath(pathname: string): string | null {
  const match = /^\/t\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

/** On a box, `GET /api/status` names its track. */
async function trackIdFromStatus(): Promise<string> {
  const response = await fetch('/api/status', { cache: 'no-store' });
  if (!response.ok) throw new Error(`status answered ${response.status}`);
  const status = (await response.json()) as { track_id?: unknown };
  if (typeof status.track_id !== 'string') throw new Error('status has no track_id');
  return status.track_id;
}

export class LiveClient {
  readonly clock: ClockSync;
  private socket: WebSocket | null = null;
  private attempt = 0;
  private hintMs: number | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private connectStartedAt = 0;
  /** Phone time of the last message of any kind; `info.lastMessageAt` follows it at most once a second. */
  private heardAt = 0;
  private stopped = true;
  private info: ConnectionInfo = { state: 'connecting', lastMessageAt: null, retryAt: null, problem: null };
  private readonly onVisible = () => {
    // Phones freeze background tabs; coming back should not wait out a long backoff.
    if (document.visibilityState === 'visible' && this.info.state === 'offline') void this.connect();
  };

  constructor(private readonly options: LiveClientOptions) {
    this.clock = options.clock ?? new ClockSync();
  }

  private get staleAfterMs(): number {
    return this.options.staleAfterMs ?? STALE_AFTER_MS;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    document.addEventListener('visibilitychange', this.onVisible);
    this.watchdog = setInterval(() => this.checkSilence(), Math.min(1000, this.staleAfterMs / 2));
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    document.removeEventListener('visibilitychange', this.onVisible);
    clearInterval(this.watchdog);
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }

  /**
   * A fresh snapshot now: the board heard of another event that may have become the one in
   * progress, which only the box can name. The connection state stays as it is, so no banner flashes.
   */
  resync(): void {
    const socket = this.socket;
    if (this.stopped || !socket) return;
    this.socket = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.close();
    void this.connect(true);
  }

  private update(patch: Partial<ConnectionInfo>): void {
    this.info = { ...this.info, ...patch };
    this.options.onConnection?.(this.info);
  }

  private async connect(quiet = false): Promise<void> {
    clearTimeout(this.retryTimer);
    if (this.stopped) return;
    this.connectStartedAt = Date.now();
    if (!quiet) this.update({ state: 'connecting', retryAt: null });
    let trackId: string;
    try {
      trackId = await (this.options.resolveTrackId ?? (async () => trackIdFromPath(location.pathname) ?? trackIdFromStatus()))();
    } catch (error) {
      this.retry(`box unreachable (${(error as Error).message})`);
      return;
    }
    let token: string | null;
    try {
      // A private track's viewer token: a pass asked for now, or the one in the page's own address (a link or QR code handed out).
      token = this.options.resolveToken ? await this.options.resolveToken(trackId) : new URLSearchParams(location.search).get('token');
    } catch (error) {
      this.retry(`no pass to watch this track (${(error as Error).message})`);
      return;
    }
    if (this.stopped || this.socket) return;
    const params = new URLSearchParams({ track_id: trackId, channels: this.options.channels.join(',') });
    if (this.options.eventId) params.set('event_id', this.options.eventId);
    if (token) params.set('token', token);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/ws/v1/live?${params.toString()}`);
    // JSON may come in binary frames too: an ArrayBuffer decodes synchronously, a Blob would not.
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onmessage = (event) => this.receive(socket, event);
    // Every error is followed by close, which is where the retry is planned; an error raised by close() itself is expected.
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket === socket) this.drop(socket, this.info.state === 'live' ? 'connection closed' : 'could not connect');
    };
  }

  private receive(socket: WebSocket, event: MessageEvent): void {
    if (this.socket !== socket) return;
    let message: LiveMessage;
    try {
      const data: unknown = event.data;
      message = JSON.parse(typeof data === 'string' ? data : decoder.decode(data as ArrayBuffer)) as LiveMessage;
    } catch {
      return;
    }
    const now = Date.now();
    this.heardAt = now;
    this.clock.sample(message.ts_us, now);
    if (message.kind === 'error') {
      this.hintMs = message.payload.reconnect_after_ms ?? null;
      this.options.onMessage(message);
      this.drop(socket, message.payload.message || message.payload.code);
      return;
    }
    this.options.onMessage(message);
    if (message.kind === 'snapshot') {
      this.attempt = 0;
      this.update({ lastMessageAt: now, state: 'live', problem: null });
    } else if (now - (this.info.lastMessageAt ?? 0) >= 1000) {
      // At most once a second: "last update 3 s ago" cannot show finer, and each report re-renders the app.
      this.update({ lastMessageAt: now });
    }
  }

  /** A half-open TCP connection looks open for minutes: silence is the only reliable sign. */
  private checkSilence(): void {
    const socket = this.socket;
    if (!socket) return;
    const heard = Math.max(this.heardAt, this.connectStartedAt);
    if (Date.now() - heard > this.staleAfterMs) this.drop(socket, 'no data from the box');
  }

  private drop(socket: WebSocket, problem: string): void {
    if (this.socket !== socket) return;
    this.socket = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.close();
    this.retry(problem);
  }

  private retry(problem: string): void {
    if (this.stopped) return;
    const delay = this.hintMs ?? backoffDelay(this.attempt);
    this.hintMs = null;
    this.attempt += 1;
    this.update({ state: 'offline', problem, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
