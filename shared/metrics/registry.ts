/**
 * @module One process's metrics: a prom-client Registry of its own (never prom-client's global
 * default, so several boxes or roles in one test process never share a count), the metrics of
 * names.ts created from their definitions, figures other code already keeps read in at scrape
 * time, and the text rendered at most once per interval however often it is asked for.
 */
import { Counter, Gauge, Histogram, Registry, type LabelValues } from 'prom-client';
import type { MetricDef } from './names.ts';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsRegistryOptions {
  /** Text rendered within this many ms of the last render is served again as it is. Default 1000. */
  minRenderIntervalMs?: number;
  /** Monotonic milliseconds. */
  clock?: () => number;
}

/** A counter whose total is kept elsewhere (a status counter), brought up to that total at each render. */
export interface MirroredCounter<L extends string> {
  set(total: number, labels?: LabelValues<L>): void;
}

type AnyMetric = Counter<string> | Gauge<string> | Histogram<string>;

export class MetricsRegistry {
  readonly contentType = PROMETHEUS_CONTENT_TYPE;
  readonly #registry = new Registry();
  readonly #defs = new Map<string, { def: MetricDef; metric: AnyMetric }>();
  readonly #mirrors = new Map<string, MirroredCounter<string>>();
  readonly #collectors: (() => void)[] = [];
  readonly #minIntervalMs: number;
  readonly #clock: () => number;
  #cached: { text: string; at: number } | null = null;
  #rendering: Promise<string> | null = null;

  constructor(options: MetricsRegistryOptions = {}) {
    const interval = options.minRenderIntervalMs ?? 1000;
    if (!(Number.isFinite(interval) && interval >= 0)) throw new RangeError(`metrics minRenderIntervalMs must be 0 or more, got ${interval}`);
    this.#minIntervalMs = interval;
    this.#clock = options.clock ?? (() => performance.now());
  }

  counter<L extends string>(def: MetricDef<'counter', L>): Counter<L> {
    return this.#getOrCreate(def, () => new Counter<L>({ name: def.name, help: def.help, labelNames: [...def.labelNames], registers: [this.#registry] }));
  }

  gauge<L extends string>(def: MetricDef<'gauge', L>): Gauge<L> {
    return this.#getOrCreate(def, () => new Gauge<L>({ name: def.name, help: def.help, labelNames: [...def.labelNames], registers: [this.#registry] }));
  }

  histogram<L extends string>(def: MetricDef<'histogram', L>): Histogram<L> {
    return this.#getOrCreate(def, () => new Histogram<L>({ name: def.name, help: def.help, labelNames: [...def.labelNames], buckets: [...(def.buckets ?? [])], registers: [this.#registry] }));
  }

  /** A counter set from a total kept elsewhere: it moves by the difference, so it stays a counter to Prometheus. */
  mirroredCounter<L extends string>(def: MetricDef<'counter', L>): MirroredCounter<L> {
    const known = this.#mirrors.get(def.name);
    if (known) return known as MirroredCounter<L>;
    const counter = this.counter(def);
    // One entry per label set the owner passes: link sources, roles, never values off the wire.
    const last = new Map<string, number>();
    const mirror: MirroredCounter<L> = {
      set(total, labels) {
        const key = labels ? JSON.stringify(labels) : '';
        const delta = total - (last.get(key) ?? 0);
        if (delta < 0) throw new RangeError(`counter ${def.name} cannot go back from ${last.get(key)} to ${total}`);
        last.set(key, total);
        if (labels) counter.inc(labels, delta);
        else (counter as Counter<string>).inc(delta);
      },
    };
    this.#mirrors.set(def.name, mirror as MirroredCounter<string>);
    return mirror;
  }

  /** Runs before every render, in the order added: where figures kept elsewhere are copied into the metrics. */
  onCollect(collect: () => void): void {
    this.#collectors.push(collect);
  }

  /** The exposition text; concurrent and repeated calls within the interval share one render. A collector's error rejects it and is not cached. */
  render(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#clock() - cached.at < this.#minIntervalMs) return Promise.resolve(cached.text);
    this.#rendering ??= this.#renderNow().finally(() => {
      this.#rendering = null;
    });
    return this.#rendering;
  }

  async #renderNow(): Promise<string> {
    for (const collect of this.#collectors) collect();
    const text = await this.#registry.metrics();
    this.#cached = { text, at: this.#clock() };
    return text;
  }

  /** Two roles in one process ask for the same metric: both get the one instance; a clash of definitions is a bug. */
  #getOrCreate<M extends AnyMetric>(def: MetricDef, create: () => M): M {
    const known = this.#defs.get(def.name);
    if (known) {
      if (known.def.kind !== def.kind || known.def.labelNames.join(',') !== def.labelNames.join(',')) {
        throw new Error(`metric ${def.name} is already registered as a ${known.def.kind} with labels [${known.def.labelNames.join(', ')}]`);
      }
      return known.metric as M;
    }
    const metric = create();
    this.#defs.set(def.name, { def, metric });
    return metric;
  }
}
