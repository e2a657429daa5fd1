/** @module Opens a KV bucket that provisioning made, or says to run `mre cloud provision` when it is missing (roles never create cloud state on their own). */
import { JetStreamApiCodes, JetStreamApiError, jetstream } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { ProvisionError } from './provision-error.ts';
import { BUCKETS, type BucketKey } from './stream-specs.ts';

/** `open` run once and shared; a failed open is forgotten, so the next call tries again (the bucket may be provisioned by then). */
export function reopening<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () =>
    (opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
}

export async function openProvisionedBucket(nc: NatsConnection, key: BucketKey): Promise<KV> {
  const name = BUCKETS[key];
  const kv = await new Kvm(jetstream(nc)).open(name);
  try {
    await kv.status();
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) {
      throw new ProvisionError(`KV bucket ${name} does not exist on the NATS server: run \`mre cloud provision\` first`);
    }
    throw error;
  }
  return kv;
}
