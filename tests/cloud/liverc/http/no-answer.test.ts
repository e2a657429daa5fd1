/** @module A LiveRC host that gives no answer at all (a name that does not resolve, a refused port, a robots.txt that hangs) fails with its real cause, never as a robots.txt refusal, and is asked again next time. */
import { describe, expect, it } from 'vitest';
import { freePort, useCleanups } from '../../../harness/index.ts';
import { startFakeLiveRc, type FakeLiveRc } from '../../../support/fake-liverc/index.ts';
import { createLiveRcHttpClient, type LiveRcHttpClient } from '../../../../cloud/liverc/http/index.ts';
import { parseLiveRcConfig } from '../../../../cloud/liverc/config.ts';
import type { RequestRecord } from '../../../../cloud/liverc/types.ts';
import { CONTACT, failure, useRig } from './setup.ts';

const defer = useCleanups();
const rig = useRig();

function clientFor(track: string): { client: LiveRcHttpClient; records: RequestRecord[] } {
  const config = parseLiveRcConfig({ contact: CONTACT, min_interval_ms: 500, backoff_ms: 100, max_tries: 2, timeout_ms: { connect: 1_000, total: 2_000 }, hosts: { catalogue: track.replace('{slug}', 'live'), track } });
  const client = createLiveRcHttpClient(config);
  defer(() => client.close());
  const records: RequestRecord[] = [];
  client.onRequest((record) => records.push(record));
  return { client, records };
}

describe('liverc http hosts that give no answer', () => {
  it('liverc http - a track host that does not resolve fails with code network naming the host, not as a robots.txt refusal, and is asked again next time', async () => {
    // .invalid never resolves (RFC 2606).
    const { client, records } = clientFor('http://{slug}.liverc.invalid');
    const error = await failure(client.get('http://nosuchtrack.liverc.invalid/events/', 'event-list'));
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/^cannot resolve host nosuchtrack\.liverc\.invalid \(/);
    expect(error.message).not.toMatch(/disallow/);
    expect(error.details).toMatchObject({ url: 'http://nosuchtrack.liverc.invalid/events/', kind: 'event-list', problem: expect.stringMatching(/^cannot resolve host nosuchtrack\.liverc\.invalid/) });
    const robotsTries = records.filter((r) => r.kind === 'robots');
    expect(robotsTries.length).toBeGreaterThanOrEqual(1);
    expect(robotsTries[0]).toMatchObject({ url: 'http://nosuchtrack.liverc.invalid/robots.txt', status: null, error: expect.stringMatching(/^cannot resolve host nosuchtrack\.liverc\.invalid/) });
    // Not kept as a "disallow": the next call asks robots.txt again and fails for the same real reason.
    const again = await failure(client.get('http://nosuchtrack.liverc.invalid/', 'dashboard'));
    expect(again.code).toBe('network');
    expect(records.filter((r) => r.kind === 'robots').length).toBeGreaterThan(robotsTries.length);
  });

  it('liverc http - a refused port fails with code network saying connection refused, and once the host listens its pages are served at once', async () => {
    const port = await freePort();
    const { client, records } = clientFor(`http://127.0.0.1:${port}/{slug}`);
    const error = await failure(client.get(`http://127.0.0.1:${port}/trc/events/`, 'event-list'));
    expect(error.code).toBe('network');
    expect(error.message).toMatch(new RegExp(`^connection refused by 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
    expect(error.message).not.toMatch(/disallow/);
    expect(records.map((r) => [r.kind, r.status])).toEqual([
      ['robots', null],
      ['robots', null],
    ]);

    // The host comes up: its robots.txt is read now, not refused for minutes from a cached "unreachable".
    const fake: FakeLiveRc = await startFakeLiveRc({ port });
    defer(() => fake.stop());
    fake.page('trc', '/events/', 'events');
    expect((await client.get(`http://127.0.0.1:${port}/trc/events/`, 'event-list')).body).toBe('events');
    expect(fake.requestsTo('trc').map((r) => r.path)).toEqual(['/robots.txt', '/events/']);
  });

  it('liverc http - a robots.txt that never answers fails the page as a timeout with code network', async () => {
    const { fake, client } = await rig({ max_tries: 2, timeout_ms: { connect: 1_000, total: 300 } });
    fake.robots('trc', 'User-agent: *\nAllow: /\n', { otherwise: { hang: true } });
    fake.page('trc', '/events/', 'events');
    const error = await failure(client.get(`${fake.origin}/trc/events/`, 'event-list'));
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/^timed out: no complete answer within 300 ms from 127\.0\.0\.1:\d+: .*robots\.txt could not be fetched, so .*\/trc\/events\/ was not requested$/);
    expect(fake.requestsTo('trc', '/events/')).toEqual([]);
  });
});
