/** @module Prometheus metrics for the box and every cloud role: one registry per process, the names in one file, `GET /metrics` on a Hono app. */
export { BOX_METRICS, LAG_BUCKETS, LATENCY_BUCKETS, LIVE_METRICS, PROCESS_METRICS, SLO_METRICS, type MetricDef, type MetricKind } from './names.ts';
export { MetricsRegistry, PROMETHEUS_CONTENT_TYPE, type MetricsRegistryOptions, type MirroredCounter } from './registry.ts';
export { fanoutObserver, watchLiveHub } from './live.ts';
export { watchProcess } from './process.ts';
export { METRICS_PATH, mountMetrics, type MountMetricsOptions } from './route.ts';
