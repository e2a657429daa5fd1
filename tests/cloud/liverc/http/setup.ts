/** @module Shared set-up for the LiveRC HTTP suites: a fake LiveRC on loopback and a client aimed at it, both released after each test. */
import { useCleanups } from '../../../harness/index.ts';
import { startFakeLiveRc, type FakeLiveRc, type LoggedRequest } from '../../../support/fake-liverc/index.ts';
import { parseLiveRcConfig, type LiveRcConfig, type LiveRcConfigInput } from '../../../../cloud/liverc/config.ts';
import { createLiveRcHttpClient, type LiveRcHttpClient } from '../../../../cloud/liverc/http/index.ts';
import { expect } from 'vitest';
import { LiveRcError, type RequestRecord } from '../../../../cloud/liverc/types.ts';

export const CONTACT = 'results@club.example';

/** Shortest spacing the config accepts, and quick retries, so suites stay short. */
export function testConfig(fake: FakeLiveRc, overrides: Partial<LiveRcConfigInput> = {}): LiveRcConfig {
  return parseLiveRcConfig({
    contact: CONTACT,
    min_interval_ms: 500,
    backoff_ms: 100,
    timeout_ms: { connect: 1_000, total: 2_000 },
    hosts: fake.hosts,
    ...overrides,
  });
}

export interface Rig {
  fake: FakeLiveRc;
  config: LiveRcConfig;
  client: LiveRcHttpClient;
  /** Every RequestRecord the client reported. */
  records: RequestRecord[];
}

/** Call at the top of a suite; each call of the returned function starts a fresh fake and client. */
export function useRig(): (overrides?: Partial<LiveRcConfigInput>) => Promise<Rig> {
  const defer = useCleanups();
  return async (overrides = {}) => {
    const fake = await startFakeLiveRc();
    defer(() => fake.stop());
    const config = testConfig(fake, overrides);
    const client = createLiveRcHttpClient(config);
    defer(() => client.close());
    const records: RequestRecord[] = [];
    client.onRequest((record) => records.push(record));
    return { fake, config, client, records };
  };
}

/** Gaps in ms between consecutive arrivals. */
export function gaps(requests: readonly LoggedRequest[]): number[] {
  return requests.slice(1).map((r, i) => r.at_ms - requests[i]!.at_ms);
}

/** The LiveRcError a call rejects with; the test fails when it resolves or throws something else. */
export async function failure(promise: Promise<unknown>): Promise<LiveRcError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LiveRcError);
  return error as LiveRcError;
}
