/** @module The LiveRC store on a real nats-server: upserts that skip unchanged values, key filters, raw pages, and the import lock with its expiry. */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveRcStore } from '../../../../cloud/liverc/store/store.ts';
import { startNatsServer, waitFor, type NatsServer } from '../../../harness/index.ts';

let server: NatsServer;
let nc: NatsConnection;

beforeAll(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
});

afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

describe('liverc store', () => {
  it('liverc store - an upsert of an unchanged value writes nothing, a changed one writes', async () => {
    const store = await LiveRcStore.open(nc, { maxBytes: 8 * 1024 * 1024 });
    expect(await store.upsert('events', '486677', { name: 'Clay Cup' })).toBe(true);
    const revision = (await store.kv('events').get('486677'))!.revision;
    expect(await store.upsert('events', '486677', { name: 'Clay Cup' })).toBe(false);
    expect((await store.kv('events').get('486677'))!.revision).toBe(revision);
    expect(await store.upsert('events', '486677', { name: 'Clay Cup 2025' })).toBe(true);
    expect(await store.get('events', '486677')).toEqual({ name: 'Clay Cup 2025' });
    expect(await store.get('events', 'nope')).toBeNull();
  });

  it('liverc store - keys and values by subject filter, sorted', async () => {
    const store = await LiveRcStore.open(nc, { maxBytes: 8 * 1024 * 1024 });
    for (const key of ['1.20', '1.10', '2.30']) await store.upsert('races', key, { key });
    expect(await store.keys('races', '1.*')).toEqual(['1.10', '1.20']);
    expect(await store.values('races', '*.30')).toEqual([{ key: '2.30' }]);
  });

  it('liverc store - raw pages round-trip through the object store', async () => {
    const store = await LiveRcStore.open(nc, { maxBytes: 8 * 1024 * 1024 });
    const html = `<html><body>${'x'.repeat(300_000)} é ü</body></html>`;
    await store.putPage('trc/race-result/6304829.html', html);
    expect(await store.getPage('trc/race-result/6304829.html')).toBe(html);
    expect(await store.getPage('trc/race-result/1.html')).toBeNull();
  });

  it('liverc store - one holder of a lock at a time, and a held lock expires', async () => {
    const store = await LiveRcStore.open(nc, { maxBytes: 8 * 1024 * 1024 });
    expect(await store.tryLock('event.1', 'a')).toBe(true);
    expect(await store.tryLock('event.1', 'b')).toBe(false);
    await store.unlock('event.1');
    expect(await store.tryLock('event.1', 'b')).toBe(true);
  });
});

describe('liverc store lock expiry', () => {
  it('liverc store - a lock left by a killed import expires after its time to live', async () => {
    const conn = await connect({ servers: server.url });
    const js = (await import('@nats-io/jetstream')).jetstreamManager;
    // A separate lock bucket lifetime needs a fresh bucket: drop the one the other tests made.
    await (await js(conn)).streams.delete('KV_liverc_locks');
    const store = await LiveRcStore.open(conn, { maxBytes: 8 * 1024 * 1024, lockTtlMs: 1500 });
    expect(await store.tryLock('event.2', 'killed')).toBe(true);
    await waitFor('lock expired', () => store.tryLock('event.2', 'next'), 15_000);
    await conn.close();
  });
});
