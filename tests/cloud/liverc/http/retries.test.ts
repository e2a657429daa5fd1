/** @module Failure handling against the fake LiveRC: 5xx retried with backoff, other 4xx not, Retry-After honoured, timeouts, dropped bodies. */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { configureLogging } from '../../../../shared/log/index.ts';
import { times } from '../../../support/fake-liverc/index.ts';
import { failure, useRig } from './setup.ts';

const rig = useRig();
const lines: string[] = [];
const previousLogging = configureLogging({ write: (line) => lines.push(line) });
afterEach(() => {
  lines.length = 0;
});
// Restored when the file's suites are done, so other files keep their own logging.
afterAll(() => configureLogging(previousLogging));
const EVENT = '/results/?p=view_event&id=486677';

describe('liverc http retries', () => {
  it('liverc http - 500 twice then 200 succeeds on the third try, every try reported', async () => {
    const { fake, client, records } = await rig();
    fake.page('trc', EVENT, '<html>event</html>', { faults: times(2, { status: 500 }) });
    const page = await client.get(`${fake.origin}/trc${EVENT}`, 'event');
    expect(page.body).toBe('<html>event</html>');
    expect(fake.requestsTo('trc', EVENT).map((r) => r.status)).toEqual([500, 500, 200]);
    const tries = records.filter((r) => r.kind === 'event');
    expect(tries.map((r) => [r.attempt, r.status, r.error])).toEqual([
      [1, 500, 'answered 500'],
      [2, 500, 'answered 500'],
      [3, 200, null],
    ]);
    expect(tries.every((r) => r.url === `${fake.origin}/trc${EVENT}` && r.from_cache === false)).toBe(true);
    // The second and third tries waited in the queue for the backoff and spacing.
    expect(tries[1]!.waited_ms).toBeGreaterThan(0);
  });

  it('liverc http - 500 forever fails with code http after max_tries, status kept, no HTML in the message', async () => {
    const { fake, client, config } = await rig();
    fake.page('trc', EVENT, 'event', { otherwise: { status: 500, body: '<html><title>Just a moment...</title></html>' } });
    const error = await failure(client.get(`${fake.origin}/trc${EVENT}`, 'event'));
    expect(error.code).toBe('http');
    expect(error.details).toMatchObject({ status: 500, url: `${fake.origin}/trc${EVENT}`, kind: 'event' });
    expect(error.message).not.toMatch(/<|Just a moment/);
    expect(fake.requestsTo('trc', EVENT)).toHaveLength(config.max_tries);
  });

  it('liverc http - a 404 is not retried', async () => {
    const { fake, client } = await rig();
    const error = await failure(client.get(`${fake.origin}/trc/results/?p=view_event&id=999`, 'event'));
    expect(error.code).toBe('http');
    expect(error.details.status).toBe(404);
    expect(fake.requestsTo('trc', '/results/?p=view_event&id=999')).toHaveLength(1);
  });

  it('liverc http - a 403 challenge page is an http error, not retried', async () => {
    const { fake, client } = await rig();
    fake.page('trc', EVENT, 'event', { otherwise: { status: 403, body: '<html>Checking your browser</html>' } });
    const error = await failure(client.get(`${fake.origin}/trc${EVENT}`, 'event'));
    expect([error.code, error.details.status]).toEqual(['http', 403]);
    expect(error.message).not.toContain('Checking');
    expect(fake.requestsTo('trc', EVENT)).toHaveLength(1);
  });

  it('liverc http - 429 with Retry-After: 1 waits at least a second, and nothing else reaches the host meanwhile', async () => {
    const { fake, client } = await rig();
    fake.page('trc', EVENT, 'event', { faults: [{ status: 429, headers: { 'retry-after': '1' } }] });
    fake.page('trc', '/events/', 'events');
    const first = client.get(`${fake.origin}/trc${EVENT}`, 'event');
    // Queued behind the 429: must not slip in during the Retry-After wait.
    const second = client.get(`${fake.origin}/trc/events/`, 'event-list');
    expect((await first).body).toBe('event');
    await second;
    const seen = fake.requestsTo('trc').filter((r) => r.path !== '/robots.txt');
    expect(seen.map((r) => [r.path, r.status])).toEqual([
      [EVENT, 429],
      [EVENT, 200],
      ['/events/', 200],
    ]);
    expect(seen[1]!.at_ms - seen[0]!.at_ms).toBeGreaterThanOrEqual(1_000);
  });

  it('liverc http - 503 with an HTTP-date Retry-After is honoured', async () => {
    const { fake, client } = await rig();
    const at = new Date(Date.now() + 2_000).toUTCString();
    fake.page('trc', EVENT, 'event', { faults: [{ status: 503, headers: { 'retry-after': at } }] });
    await client.get(`${fake.origin}/trc${EVENT}`, 'event');
    const seen = fake.requestsTo('trc', EVENT);
    expect(seen.map((r) => r.status)).toEqual([503, 200]);
    // HTTP dates have whole seconds: at least the part of the wait left after rounding down.
    expect(seen[1]!.at_ms).toBeGreaterThanOrEqual(Date.parse(at));
  });

  it('liverc http - a Retry-After beyond max_retry_after_ms fails at once with retry_after_ms', async () => {
    const { fake, client } = await rig({ max_retry_after_ms: 1_000 });
    fake.page('trc', EVENT, 'event', { otherwise: { status: 429, headers: { 'retry-after': '3600' } } });
    const error = await failure(client.get(`${fake.origin}/trc${EVENT}`, 'event'));
    expect(error.code).toBe('http');
    expect(error.details).toMatchObject({ status: 429, retry_after_ms: 3_600_000 });
    expect(fake.requestsTo('trc', EVENT)).toHaveLength(1);
  });

  it('liverc http - a hanging host times out, is retried, then fails with code network', async () => {
    const { fake, client, records, config } = await rig({ timeout_ms: { connect: 1_000, total: 300 } });
    fake.page('trc', EVENT, 'event', { otherwise: { hang: true } });
    const error = await failure(client.get(`${fake.origin}/trc${EVENT}`, 'event'));
    expect(error.code).toBe('network');
    expect(error.message).toContain('300 ms');
    expect(fake.requestsTo('trc', EVENT)).toHaveLength(config.max_tries);
    expect(records.filter((r) => r.kind === 'event').map((r) => [r.attempt, r.status])).toEqual([
      [1, null],
      [2, null],
      [3, null],
    ]);
  });

  it('liverc http - a slow answer inside the timeout is fine', async () => {
    const { fake, client } = await rig({ timeout_ms: { connect: 1_000, total: 2_000 } });
    fake.page('trc', EVENT, 'event', { otherwise: { delay_ms: 300 } });
    expect((await client.get(`${fake.origin}/trc${EVENT}`, 'event')).body).toBe('event');
  });

  it('liverc http - a connection dropped mid-body is a network error, retried until the body arrives', async () => {
    const { fake, client, records } = await rig();
    fake.page('trc', EVENT, '<html>'.padEnd(5_000, 'x') + '</html>', { faults: [{ reset_after: 1_000 }] });
    const page = await client.get(`${fake.origin}/trc${EVENT}`, 'event');
    expect(page.body).toHaveLength(5_007);
    const tries = records.filter((r) => r.kind === 'event');
    expect(tries.map((r) => r.status)).toEqual([null, 200]);
    expect(tries[0]!.error).toBeTruthy();
  });

  it('liverc http - a refused connection is a network error after max_tries', async () => {
    const { fake, client, config } = await rig({ max_tries: 2 });
    // Robots is read first; then the host goes away.
    fake.page('trc', '/', 'dashboard');
    await client.get(`${fake.origin}/trc/`, 'dashboard');
    await fake.stop();
    const error = await failure(client.get(`${fake.origin}/trc/events/`, 'event-list'));
    expect(error.code).toBe('network');
    expect(error.message).toContain(`after ${config.max_tries} tries`);
  });

  it('liverc http - a host that keeps failing is one warning, not one per try, and its return is one info line', async () => {
    const { fake, client } = await rig({ max_tries: 2 });
    fake.page('trc', EVENT, 'event', { faults: times(4, { status: 500 }) });
    await failure(client.get(`${fake.origin}/trc${EVENT}`, 'event'));
    await failure(client.get(`${fake.origin}/trc${EVENT}`, 'event'));
    await client.get(`${fake.origin}/trc${EVENT}`, 'event');
    const mine = lines.filter((line) => line.includes(fake.origin));
    expect(mine.filter((line) => line.startsWith('<4>'))).toEqual([`<4>cloud:liverc: LiveRC host not answering host=${fake.origin} problem="answered 500"`]);
    expect(mine.filter((line) => line.startsWith('<6>'))).toEqual([`<6>cloud:liverc: LiveRC host answering again host=${fake.origin}`]);
  });
});
