/** @module The race role of `mre cloud start` with the ingest role on a real nats-server: envelopes sent through POST /api/ingest/batch come out as the box's derived events, /healthz shows the race worker, and a stop hands its track over. */
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { expect, it } from 'vitest';
import { issueToken } from '../../../cloud/ingest/token.ts';
import { startCloud } from '../../../cloud/service/cloud-service.ts';
import { cloudConfigSchema, type CloudConfig } from '../../../cloud/service/config.ts';
import { useCleanups, waitFor } from '../../harness/index.ts';
import { postBatch, rawIngestConfig, TEST_SECRET } from '../ingest/support.ts';
import { boxEvents, eventsWhenCount, trackLog, useRaceStack } from './support.ts';

const defer = useCleanups();
const raceStack = useRaceStack();

it('race role - envelopes sent through the ingest API come out as the box\'s events; healthz shows the worker; stop releases the track', async () => {
  const stack = raceStack();
  const raw = rawIngestConfig(stack.nats.url, { streams: { duplicate_window_ms: 2_000 } });
  const config = cloudConfigSchema.parse({ ...raw, roles: ['ingest', 'race'], race: { lease_ttl_ms: 3_000, heartbeat_ms: 500, discover_interval_ms: 200 } }) as CloudConfig;
  const cloud = await startCloud(config, { name: 'race-role-test' });
  defer(() => cloud.stop());

  const log = trackLog('tarmac', 81, 300);
  const token = issueToken(Buffer.from(TEST_SECRET), { track_id: 'tarmac', client_id: 'box-1' }).token;
  for (let i = 0; i < log.length; i += 100) {
    const answer = await postBatch(cloud.url, token, { envelopes: log.slice(i, i + 100) });
    expect(answer.status).toBe(200);
  }
  const expected = boxEvents(log);
  expect(await eventsWhenCount(stack, 'tarmac', expected.length)).toEqual(expected);

  const health = (await (await fetch(`${cloud.url}/healthz`)).json()) as { ok: boolean; roles: string[]; race: { nats: boolean; tracks: string[]; envelopes: number } };
  expect(health).toMatchObject({ ok: true, roles: ['ingest', 'race'], race: { nats: true, tracks: ['tarmac'], envelopes: 300 } });

  await cloud.stop();
  const nc = await connect({ servers: stack.nats.url });
  defer(() => nc.close());
  const leases = await new Kvm(nc).open('mre_leases');
  const lease = await leases.get('race.track.tarmac');
  // Handed over: deleted, so the next worker takes it at once instead of after the lease time.
  expect(lease?.operation).toBe('DEL');
  await waitFor('the saved state', async () => (await stack.jsm.streams.info('OBJ_mre_race_state')).state.messages > 0);
});
