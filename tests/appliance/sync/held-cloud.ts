/**
 * @module A stand-in for the cloud's ingest API on loopback that holds each batch's answer until
 * the test gives it (or answers at once in full), so a test sees what the box does while a
 * request is in flight; and gates on the box's log: a count of its reads, its cursor writes held.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EnvelopeLog } from '../../../appliance/log/index.ts';
import { lsnOfKey } from '../../../appliance/log/keys.ts';
import type { Envelope } from '../../../shared/contracts/index.ts';
import { waitFor } from '../../harness/index.ts';

type Defer = (fn: () => unknown) => void;

export interface HeldRequest {
  seqs: number[];
  answered: boolean;
  /** 200 acknowledging the batch's seqs up to `upTo` (all of them by default). */
  ack(upTo?: number): void;
  /** Any other answer, as the cloud words its errors. */
  fail(status: number, error: string): void;
}

export interface HeldCloud {
  url: string;
  requests: HeldRequest[];
  /** Answer every request from now on at once, in full. */
  ackAll(): void;
  /** The `index`th request (from 0), once it has arrived. */
  request(index: number): Promise<HeldRequest>;
}

export async function heldCloud(defer: Defer): Promise<HeldCloud> {
  const requests: HeldRequest[] = [];
  let autoAck = false;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const envelopes = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { envelopes: Envelope[] }).envelopes;
      const held = holdAnswer(response, envelopes);
      requests.push(held);
      if (autoAck) held.ack();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    ackAll() {
      autoAck = true;
      for (const held of requests) if (!held.answered) held.ack();
    },
    request: (index) => waitFor(`request ${index + 1} at the cloud`, () => requests[index], 5_000),
  };
}

function holdAnswer(response: ServerResponse, envelopes: Envelope[]): HeldRequest {
  const reply = (status: number, body: object) => {
    held.answered = true;
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const held: HeldRequest = {
    seqs: envelopes.map((e) => e.seq),
    answered: false,
    ack(upTo = envelopes.at(-1)?.seq) {
      const taken = envelopes.filter((e) => e.seq <= (upTo ?? 0));
      reply(200, { accepted: taken.length, duplicate: 0, acked: taken.length === 0 ? {} : { [taken[0]!.boot_id]: upTo } });
    },
    fail(status, error) {
      reply(status, { error });
    },
  };
  return held;
}

/** The lsn after which each of the log's envelope reads started, in order. */
export function countReads(log: EnvelopeLog): number[] {
  const froms: number[] = [];
  const iterator = log.db.iterator.bind(log.db);
  log.db.iterator = ((options: Parameters<typeof iterator>[0]) => {
    const { gt } = options as { gt?: unknown };
    if (typeof gt === 'string' && gt.startsWith('e!')) froms.push(lsnOfKey(gt));
    return iterator(options);
  }) as typeof log.db.iterator;
  return froms;
}

export interface HeldCursor {
  /** Every lsn the log was asked to save as the cursor, in order. */
  asked: number[];
  /** Lets the writes held so far go to disk (or fail), and those after them too. */
  release(failWith?: Error): void;
}

/** Holds the log's cursor writes (the real fsynced put) until released, at the latest when the test ends (call it after the loop starts, so that comes before the loop's stop). */
export function holdCursorWrites(defer: Defer, log: EnvelopeLog): HeldCursor {
  const asked: number[] = [];
  let open: (failure: Error | undefined) => void;
  const gate = new Promise<Error | undefined>((resolve) => (open = resolve));
  const write = log.setSyncCursor.bind(log);
  log.setSyncCursor = async (lsn: number) => {
    asked.push(lsn);
    const failure = await gate;
    if (failure) {
      log.setSyncCursor = write;
      throw failure;
    }
    return write(lsn);
  };
  defer(() => open(undefined));
  return { asked, release: (failWith) => open(failWith) };
}
