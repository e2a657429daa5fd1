/** @module The ingest node's publish path against a real nats-server: every message stored in order and acknowledged, re-sends answered as duplicates, JetStream's refusals and a missing stream reported per message, and a frozen server answered by the batch timeout. */
import { DiscardPolicy, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AckInbox } from '../../../cloud/ingest/ack-inbox.ts';
import { IngestUnavailable, publishBatch } from '../../../cloud/ingest/publish.ts';
import { freeze, startNatsServer, thaw, useCleanups, type NatsServer } from '../../harness/index.ts';
import { envelopes } from './support.ts';

const defer = useCleanups();
let nats: NatsServer;
let nc: NatsConnection;

beforeAll(async () => {
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: 'inbox_test', subjects: ['inbox.test.>'], duplicate_window: 60e9 });
  await jsm.streams.add({ name: 'inbox_small', subjects: ['inbox.small'], max_msgs: 2, discard: DiscardPolicy.New });
});
afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

const messages = (subject: string, from: number, count: number) => Array.from({ length: count }, (_, i) => ({ subject, data: JSON.stringify({ n: from + i }), msgId: `m-${from + i}` }));

async function stored(stream: string): Promise<number[]> {
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(stream);
  const out: number[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) out.push((await jsm.streams.getMessage(stream, { seq }))!.json<{ n: number }>().n);
  return out;
}

describe('ack inbox', () => {
  it('ack inbox - a batch is stored in the order sent and every message acknowledged; sent again, every one is a duplicate', async () => {
    const inbox = new AckInbox(nc);
    const first = await inbox.publishAll(messages('inbox.test.a', 1, 300), 5000);
    expect(first).toHaveLength(300);
    expect(first!.every((a) => a.ok && !a.duplicate)).toBe(true);
    const again = await inbox.publishAll(messages('inbox.test.a', 151, 200), 5000);
    expect(again!.filter((a) => a.ok && a.duplicate)).toHaveLength(150);
    expect(again!.filter((a) => a.ok && !a.duplicate)).toHaveLength(50);
    expect(await stored('inbox_test')).toEqual(Array.from({ length: 350 }, (_, i) => i + 1));
    expect(inbox.waiting).toBe(0);
  });

  it('ack inbox - batches in flight together are each answered with their own acknowledgements', async () => {
    const inbox = new AckInbox(nc);
    const [a, b] = await Promise.all([inbox.publishAll(messages('inbox.test.b', 1000, 50), 5000), inbox.publishAll(messages('inbox.test.b', 1000, 80), 5000)]);
    expect(a!.every((x) => x.ok)).toBe(true);
    // The second batch repeats the first's 50 ids, published after them on the same connection.
    expect(b!.filter((x) => x.ok && x.duplicate)).toHaveLength(50);
  });

  it('ack inbox - JetStream refusing a message (stream full, discard new) is that message\'s answer, and publishBatch turns it into a 503 reason', async () => {
    const inbox = new AckInbox(nc);
    const answers = await inbox.publishAll(messages('inbox.small', 1, 3), 5000);
    expect(answers!.slice(0, 2).every((a) => a.ok)).toBe(true);
    expect(answers![2]).toMatchObject({ ok: false, error: expect.stringMatching(/maximum messages exceeded/) });
  });

  it('ack inbox - a subject no stream takes is answered "no responders", reported as a stream missing or electing its leader', async () => {
    const inbox = new AckInbox(nc);
    const answers = await inbox.publishAll(messages('nobody.here', 1, 2), 5000);
    expect(answers).toEqual([{ ok: false, error: 'no responders' }, { ok: false, error: 'no responders' }]);
    const batch = envelopes(1, 2, { track_id: 'no-stream-here' });
    // The ingest subjects of this server have no stream at all.
    const failure = await publishBatch(inbox, batch, batch.map((e) => JSON.stringify(e)), 5000).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IngestUnavailable);
    expect((failure as Error).message).toMatch(/^no JetStream server answered for timing\.ingest\.raw\.v1: .*stream missing/);
  });

  it('ack inbox - a frozen server leaves the batch unanswered: null after the timeout, nothing left waiting, and the next batch is answered once it thaws', async () => {
    const inbox = new AckInbox(nc);
    await freeze(nats.pid);
    defer(() => thaw(nats.pid));
    expect(await inbox.publishAll(messages('inbox.test.c', 5000, 10), 300)).toBeNull();
    expect(inbox.waiting).toBe(0);
    thaw(nats.pid);
    const later = await inbox.publishAll(messages('inbox.test.c', 5000, 10), 5000);
    expect(later!.every((a) => a.ok)).toBe(true);
    // Whether or not the frozen batch reached the stream once the server thawed, each message is stored once.
    expect((await stored('inbox_test')).filter((n) => n >= 5000)).toEqual(Array.from({ length: 10 }, (_, i) => 5000 + i));
  });
});
