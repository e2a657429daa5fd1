/** @module Whether the NATS connection is up right now, from the client's own status events: while it is down a batch is refused at once rather than queued behind a reconnect. */
import type { NatsConnection } from '@nats-io/transport-node';

export interface ConnectionState {
  readonly up: boolean;
}

export function watchConnection(nc: NatsConnection): ConnectionState {
  let up = true;
  void (async () => {
    // The iterator ends when the connection closes for good.
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') up = false;
      else if (status.type === 'reconnect') up = true;
    }
  })();
  return {
    get up() {
      return up && !nc.isClosed();
    },
  };
}
