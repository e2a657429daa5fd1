/** @module The decoder link: one connection at a time, reconnect with capped backoff, health as status, no exception escapes. */
import { getTimeRequest, resendRequest, versionRequest } from '../../shared/p3/index.ts';
import { Backoff } from './backoff.ts';
import { Connection } from './connection.ts';
import { FrameIntake } from './frame-intake.ts';
import { SafeListeners } from '../../shared/events/index.ts';
import { resolveOptions, type LinkSettings } from './options.ts';
import { BadFrameLog, monotonicMs, OutageLog } from './quiet-log.ts';
import type { DecoderLink, DecoderLinkOptions, LinkEvents, LinkState, LinkStatus } from './types.ts';

/** Throws on a malformed source or option; once started, nothing the link meets is thrown. */
export function createDecoderLink(options: DecoderLinkOptions): DecoderLink {
  return new Link(resolveOptions(options));
}

class Link implements DecoderLink {
  private readonly st: LinkStatus;
  private readonly listeners: SafeListeners<LinkEvents>;
  private readonly backoff: Backoff;
  private readonly outage: OutageLog;
  private readonly badFrames: BadFrameLog;
  private readonly intake: FrameIntake;
  private conn: Connection | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Monotonic ms of the last bytes read: the silence timer checks it before calling the link dead. */
  private lastDataMs = 0;

  constructor(private readonly cfg: LinkSettings) {
    const { log, source } = cfg;
    this.st = { state: 'stopped', source, transport: cfg.target.transport, reconnects: 0, bytes_received: 0, frames_good: 0, frames_bad: 0, paused: false, pauses: 0 };
    this.listeners = new SafeListeners(log, 'decoder link');
    this.backoff = new Backoff({ maxMs: cfg.maxBackoffMs });
    this.outage = new OutageLog(log, source);
    this.badFrames = new BadFrameLog(log, source);
    this.intake = new FrameIntake(this.st, log, this.listeners, this.badFrames);
  }

  start(): void {
    if (this.st.state !== 'stopped') return;
    this.backoff.reset();
    this.connect();
  }

  async stop(): Promise<void> {
    if (this.st.state === 'stopped') return;
    clearTimeout(this.retryTimer);
    clearTimeout(this.idleTimer);
    this.badFrames.stop();
    const conn = this.conn;
    this.conn = undefined;
    const wasConnected = this.st.state === 'connected';
    delete this.st.connected_since_us;
    this.cfg.log.info('decoder link stopped', { source: this.st.source });
    this.setState('stopped');
    if (wasConnected) this.listeners.emit('disconnected');
    await conn?.drop();
  }

  pause(): void {
    if (this.st.paused) return;
    this.st.paused = true;
    this.st.pauses++;
    // Silence we asked for is not a dead decoder.
    clearTimeout(this.idleTimer);
    this.conn?.pause();
  }

  resume(): void {
    if (!this.st.paused) return;
    this.st.paused = false;
    this.conn?.resume();
    if (this.st.state === 'connected') this.armIdleTimer();
  }

  send(bytes: Uint8Array): boolean {
    const conn = this.conn;
    if (this.st.state !== 'connected' || !conn) return false;
    return this.guard(() => conn.write(bytes)) ?? false;
  }

  requestResend(from: number, until: number): boolean {
    let request: Uint8Array;
    try {
      request = resendRequest(from, until);
    } catch (err) {
      this.cfg.log.warn('resend request not sent', { source: this.st.source, from, until, error: err as Error });
      return false;
    }
    return this.send(request);
  }

  status(): LinkStatus {
    return { ...this.st };
  }

  on(event: keyof LinkEvents, fn: (...args: never[]) => unknown): void {
    this.listeners.on(event, fn);
  }

  private connect(): void {
    this.retryTimer = undefined;
    this.setState('connecting');
    try {
      const conn: Connection = new Connection(this.cfg, {
        open: () => this.guard(() => this.onOpen()),
        data: (chunk) => {
          this.st.bytes_received += chunk.length;
          this.lastDataMs = monotonicMs();
        },
        record: (decoded, at) =>
          this.guard(() => {
            if (conn.goodFrames === 1) this.outage.restored();
            this.intake.good(conn, decoded, at);
          }),
        bad: (decoded) => this.guard(() => this.intake.bad(decoded)),
        close: (reason) => this.guard(() => this.onLost(reason)),
      });
      this.conn = conn;
      if (this.st.paused) conn.pause();
    } catch (err) {
      // Treated like any failed attempt, so the retry loop survives it.
      this.onLost(`cannot connect: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private onOpen(): void {
    const { log, source } = this.cfg;
    this.st.connected_since_us = this.cfg.now();
    this.lastDataMs = monotonicMs();
    if (!this.st.paused) this.armIdleTimer();
    // During an outage the link counts as restored only once frames flow (OutageLog), so a decoder
    // that accepts and then says nothing does not log "connected" on every retry.
    if (this.outage.isDown) log.debug('decoder connection open, waiting for data', { source });
    else log.info('decoder link connected', { source, transport: this.st.transport });
    this.setState('connected');
    // Both are optional for the decoder (p3-protocol.md §1.7); the answers give its clock and identity.
    this.send(getTimeRequest());
    this.send(versionRequest());
    this.listeners.emit('connected');
  }

  /**
   * The silence timer. When it fires it first lets pending socket reads run (setImmediate comes
   * after the poll phase): a loop that was busy for longer than the window must not call a
   * flowing decoder dead before reading what it sent. Bytes seen within the window re-arm it.
   */
  private armIdleTimer(wait = this.cfg.idleTimeoutMs): void {
    clearTimeout(this.idleTimer);
    const conn = this.conn;
    this.idleTimer = setTimeout(() => {
      setImmediate(() =>
        this.guard(() => {
          if (this.conn !== conn || this.st.paused || this.st.state !== 'connected') return;
          const quietMs = monotonicMs() - this.lastDataMs;
          if (quietMs < this.cfg.idleTimeoutMs) this.armIdleTimer(this.cfg.idleTimeoutMs - quietMs);
          else this.onLost(`no data for ${this.cfg.idleTimeoutMs / 1000} s`);
        }),
      );
    }, wait);
  }

  private onLost(reason: string): void {
    const conn = this.conn;
    this.conn = undefined;
    clearTimeout(this.idleTimer);
    void conn?.drop();
    const wasConnected = this.st.state === 'connected';
    // A connection that outlived the silence window and carried frames was healthy: the next outage starts from ~250 ms.
    const lasted = conn?.openedAtMs !== undefined && monotonicMs() - conn.openedAtMs >= this.cfg.idleTimeoutMs;
    if (lasted && conn.goodFrames > 0) this.backoff.reset();
    const delay = this.backoff.next();
    this.st.last_error = reason;
    delete this.st.connected_since_us;
    this.outage.failed(reason, delay, wasConnected);
    this.retryTimer = setTimeout(() => {
      this.st.reconnects++;
      this.guard(() => this.connect());
    }, delay);
    this.setState('disconnected');
    if (wasConnected) this.listeners.emit('disconnected');
  }

  private setState(state: LinkState): void {
    this.st.state = state;
    this.listeners.emit('status', this.status());
  }

  /** Nothing the link does on a socket or timer callback may throw into Node's event loop. */
  private guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.cfg.log.error('decoder link error', { source: this.st.source, error: err instanceof Error ? err : String(err) });
      return undefined;
    }
  }
}
