/**
 * @module A live hub's figures as metrics, for the box and the cloud gateway alike: its client count and
 * backpressure counters read from `hub.stats()` at each render, and the fanout-delay histogram the
 * hub's `onFanout` option feeds as frames are written.
 */
import type { LiveHubStats } from '../contracts/status.ts';
import { LIVE_METRICS, SLO_METRICS } from './names.ts';
import type { MetricsRegistry } from './registry.ts';

/** Pass the result as the hub's `onFanout` option. */
export function fanoutObserver(metrics: MetricsRegistry): (delaySeconds: number) => void {
  const histogram = metrics.histogram(SLO_METRICS.fanoutDelay);
  return (delaySeconds) => histogram.observe(delaySeconds);
}

export function watchLiveHub(metrics: MetricsRegistry, stats: () => LiveHubStats): void {
  const clients = metrics.gauge(LIVE_METRICS.clients);
  const sent = metrics.mirroredCounter(LIVE_METRICS.messagesSent);
  const coalesced = metrics.mirroredCounter(LIVE_METRICS.coalesced);
  const dropped = metrics.mirroredCounter(LIVE_METRICS.dropped);
  const laggingClosed = metrics.mirroredCounter(LIVE_METRICS.laggingClosed);
  const superseded = metrics.mirroredCounter(LIVE_METRICS.superseded);
  metrics.onCollect(() => {
    const s = stats();
    clients.set(s.clients);
    sent.set(s.messages_sent);
    coalesced.set(s.coalesced);
    dropped.set(s.dropped);
    laggingClosed.set(s.lagging_closed);
    superseded.set(s.superseded);
  });
}
