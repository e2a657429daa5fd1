/**
 * @module The projection's durable consumer on every track's race events. `max_ack_pending: 1` makes
 * the server hand out one event at a time across every projection process, in stream order, so a
 * track's events are applied in order wherever they land and a process that dies mid-event hands it
 * on after `ack_wait`. One event at a time is a few thousand a second on one server: far above what
 * a cloud of club tracks produces (docs/cloud.md "Projections").
 */
import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { STREAM_SUBJECTS, STREAMS } from '../../shared/contracts/subjects.ts';

export const PROJECTION_CONSUMER = 'projection';

export async function ensureProjectionConsumer(jsm: JetStreamManager, ackWaitMs: number): Promise<void> {
  const ackWait = nanos(ackWaitMs);
  try {
    const info = await jsm.consumers.info(STREAMS.raceEvents, PROJECTION_CONSUMER);
    if (info.config.ack_wait !== ackWait || info.config.max_ack_pending !== 1) await jsm.consumers.update(STREAMS.raceEvents, PROJECTION_CONSUMER, { ack_wait: ackWait, max_ack_pending: 1 });
  } catch (error) {
    if (!(error instanceof JetStreamApiError) || error.code !== JetStreamApiCodes.ConsumerNotFound) throw error;
    await jsm.consumers.add(STREAMS.raceEvents, {
      durable_name: PROJECTION_CONSUMER,
      filter_subject: STREAM_SUBJECTS.raceEvents,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: ackWait,
      max_ack_pending: 1,
    });
  }
}
