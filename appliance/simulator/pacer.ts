/** @module Plays a scenario's events at their simulated times, scaled by speed, with pause and resume; or as fast as the link allows (burst). */
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Scenario, ScenarioEvent } from './types.ts';

/** Events per turn of the event loop: big enough for throughput, small enough for timers and sockets. */
const BATCH = 500;

export interface PacerHooks {
  /** Work before an event may go out (reserving its passing number); undefined when there is none. */
  prepare(event: ScenarioEvent): Promise<void> | undefined;
  /** Sends one event; `shiftUs` is how far the decoder clock ran ahead of scenario time during pauses. */
  deliver(event: ScenarioEvent, shiftUs: number): void;
  /** The events of one batch have been delivered: passings held for one journal write go out. */
  flush(): void;
  /** Settles when the links can take more (unpaced mode waits on it between batches). */
  ready(): Promise<void>;
  /** The scenario has nothing more, or `finish()` was called. */
  ended(): void;
}

export class Pacer {
  private pending: ScenarioEvent | undefined;
  /** The scenario has nothing until it is staged again; replan() wakes it. */
  private idle = false;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private paused = false;
  private done = false;
  private readonly startedMs = performance.now();
  private pausedAtMs = 0;
  private pausedTotalMs = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly speed: number,
    private readonly hooks: PacerHooks,
  ) {}

  /** Starts on the next turn of the event loop, so a caller can still pause before anything goes out. */
  start(): void {
    setImmediate(() => this.kick());
  }

  pause(): void {
    if (this.paused || this.done) return;
    this.paused = true;
    this.pausedAtMs = performance.now();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  resume(): void {
    if (!this.paused || this.done) return;
    this.paused = false;
    this.pausedTotalMs += performance.now() - this.pausedAtMs;
    this.kick();
  }

  /** Scenario time now, µs: what a staged race is planned from. It stands still while paused. */
  nowUs(): number {
    const at = this.paused ? this.pausedAtMs : performance.now();
    return Math.max(0, (at - this.startedMs - this.pausedTotalMs) * 1000 * this.speed);
  }

  /**
   * The scenario was re-planned: the event held back for its time was planned before and must
   * not go out (a random moto after a staged field), so it is dropped and next() asked again.
   */
  replan(): void {
    if (this.done) return;
    this.pending = undefined;
    this.idle = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.kick();
  }

  /** No more events: count reached or the simulator stops. */
  finish(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.hooks.ended();
  }

  /**
   * Scenario times stay physical while a pause goes by: the decoder clock keeps running, so
   * later passings carry RTC values shifted by the paused (simulated) time.
   */
  private get shiftUs(): number {
    return this.pausedTotalMs * 1000 * this.speed;
  }

  private peek(): ScenarioEvent | undefined {
    if (this.pending || this.idle) return this.pending;
    const event = this.scenario.next();
    if (event === 'idle') this.idle = true;
    else if (event) this.pending = event;
    else this.finish();
    return this.pending;
  }

  private active(): boolean {
    return !this.done && !this.paused;
  }

  private kick(): void {
    if (this.running || !this.active()) return;
    if (this.scenario.paced) this.schedule();
    else void this.runUnpaced();
  }

  private dueMs(event: ScenarioEvent): number {
    return this.startedMs + this.pausedTotalMs + event.atUs / 1000 / this.speed;
  }

  private schedule(): void {
    if (this.timer || !this.active()) return;
    const event = this.peek();
    if (!event) return;
    this.timer = setTimeout(() => void this.fire(), Math.max(0, this.dueMs(event) - performance.now()));
  }

  /** Delivers the events that are due (several when the loop was busy, at most a batch per turn), then waits for the next. */
  private async fire(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    try {
      for (let i = 0, event = this.peek(); i < BATCH && event && this.active() && this.dueMs(event) <= performance.now(); i++, event = this.peek()) {
        if (!(await this.send(event))) break;
      }
    } finally {
      this.running = false;
    }
    this.hooks.flush();
    this.schedule();
  }

  /**
   * Sends `event` unless a pause or stop came while it was being prepared (it then stays
   * pending) or a replan dropped it.
   */
  private async send(event: ScenarioEvent): Promise<boolean> {
    const preparing = this.hooks.prepare(event);
    if (preparing) {
      // What is ready goes out now rather than after a disk write.
      this.hooks.flush();
      await preparing;
    }
    if (!this.active() || this.pending !== event) return false;
    this.pending = undefined;
    this.hooks.deliver(event, this.shiftUs);
    return true;
  }

  private async runUnpaced(): Promise<void> {
    this.running = true;
    try {
      while (this.active() && !this.idle) {
        for (let i = 0; i < BATCH && this.active(); i++) {
          const event = this.peek();
          if (!event || !(await this.send(event))) break;
        }
        this.hooks.flush();
        await this.hooks.ready();
        await yieldToLoop();
      }
    } finally {
      this.running = false;
    }
  }
}
