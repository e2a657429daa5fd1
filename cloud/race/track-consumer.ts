/**
 * @module The durable pull consumer of one track's raw subject (`race_<track_id>`, one filter
 * subject, as 2.9 allows), made afresh each time a worker takes the track up: it starts right
 * after the raw sequence the worker's state covers, and anything the last owner had fetched but
 * not acknowledged is dropped with the old consumer instead of coming back later, out of order.
 */
import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, type Consumer, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { STREAMS, subjects, trackConsumerName } from '../../shared/contracts/index.ts';

/** Longer than any batch takes to publish; a message still unacknowledged then is redelivered, which the worker treats as a fault. */
const ACK_WAIT_MS = 30_000;

export async function resetTrackConsumer(js: JetStreamClient, jsm: JetStreamManager, trackId: string, afterRawSeq: number, maxAckPending: number): Promise<Consumer> {
  const name = trackConsumerName('race', trackId);
  try {
    await jsm.consumers.delete(STREAMS.ingestRaw, name);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound)) throw error;
  }
  await jsm.consumers.add(STREAMS.ingestRaw, {
    durable_name: name,
    filter_subject: subjects.ingestRaw(trackId),
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(ACK_WAIT_MS),
    max_ack_pending: maxAckPending,
    ...(afterRawSeq > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterRawSeq + 1 } : { deliver_policy: DeliverPolicy.All }),
  });
  return js.consumers.get(STREAMS.ingestRaw, name);
}
