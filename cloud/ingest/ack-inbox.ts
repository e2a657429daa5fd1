/**
 * @module JetStream publishes acknowledged through one shared reply subscription: each message
 * goes out as a plain NATS publish with its Nats-Msg-Id header and a reply subject under this
 * node's inbox, and the PubAcks come back to one wildcard subscription. The JetStream client's
 * own publish makes a request, a promise and a timer per message, which held one ingest node to
 * the rate a single client could publish at; a batch here costs one timer.
 */
import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';

/** What JetStream answered one publish with. */
export type PublishAnswer = { ok: true; duplicate: boolean } | { ok: false; error: string };

interface Pending {
  answers: (PublishAnswer | undefined)[];
  left: number;
  done: (answers: PublishAnswer[]) => void;
}

/** A JetStream PubAck (`{stream, seq, duplicate?}`), its error form, or a no-responders status. */
function answerOf(msg: Msg): PublishAnswer {
  if (msg.headers?.hasError) {
    const code = msg.headers.code;
    if (code === 503) return { ok: false, error: 'no responders' };
    return { ok: false, error: `${code} ${msg.headers.description}`.trim() };
  }
  try {
    const ack = msg.json<{ stream?: string; seq?: number; duplicate?: boolean; error?: { code?: number; description?: string } }>();
    if (ack.error) return { ok: false, error: `${ack.error.code ?? ''} ${ack.error.description ?? 'JetStream error'}`.trim() };
    if (typeof ack.stream !== 'string' || typeof ack.seq !== 'number') return { ok: false, error: 'an acknowledgement without stream and seq' };
    return { ok: true, duplicate: ack.duplicate === true };
  } catch {
    return { ok: false, error: 'an acknowledgement that is not JSON' };
  }
}

export class AckInbox {
  readonly #nc: NatsConnection;
  readonly #prefix: string;
  readonly #pending = new Map<number, Pending>();
  #subscription: Subscription | undefined;
  #nextBatch = 1;

  constructor(nc: NatsConnection) {
    this.#nc = nc;
    this.#prefix = createInbox();
  }

  #subscribe(): void {
    // Reply subjects are `<prefix>.<batch>.<index>`; one subscription serves every batch.
    this.#subscription ??= this.#nc.subscribe(`${this.#prefix}.*.*`, {
      callback: (error, msg) => {
        if (error) return;
        const dot = msg.subject.lastIndexOf('.');
        const batch = Number(msg.subject.slice(this.#prefix.length + 1, dot));
        const index = Number(msg.subject.slice(dot + 1));
        const pending = this.#pending.get(batch);
        // A late answer for a batch already given up on: the box sends that batch again.
        if (!pending || pending.answers[index] !== undefined) return;
        pending.answers[index] = answerOf(msg);
        if (--pending.left === 0) {
          this.#pending.delete(batch);
          pending.done(pending.answers as PublishAnswer[]);
        }
      },
    });
  }

  /**
   * Publishes every message in order on this connection (JetStream stores them in that order)
   * and resolves with each one's answer, or with null when not all were answered within `timeoutMs`.
   */
  publishAll(messages: readonly { subject: string; data: string; msgId: string }[], timeoutMs: number): Promise<PublishAnswer[] | null> {
    if (messages.length === 0) return Promise.resolve([]);
    this.#subscribe();
    const batch = this.#nextBatch++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(batch);
        resolve(null);
      }, timeoutMs);
      this.#pending.set(batch, {
        answers: new Array<PublishAnswer | undefined>(messages.length),
        left: messages.length,
        done: (answers) => {
          clearTimeout(timer);
          resolve(answers);
        },
      });
      try {
        for (let i = 0; i < messages.length; i++) {
          const message = messages[i]!;
          const h = headers();
          h.set('Nats-Msg-Id', message.msgId);
          this.#nc.publish(message.subject, message.data, { headers: h, reply: `${this.#prefix}.${batch}.${i}` });
        }
      } catch (error) {
        clearTimeout(timer);
        this.#pending.delete(batch);
        reject(error);
      }
    });
  }

  /** Batches still waiting for answers (none once every batch is answered or timed out). */
  get waiting(): number {
    return this.#pending.size;
  }
}
