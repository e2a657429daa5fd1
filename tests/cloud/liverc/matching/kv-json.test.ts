/** @module JSON records in KV against a real nats-server: key listing with deletes, and compare-and-set writes that retry, skip no-ops and give up under contention. */
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { describe, expect, it } from 'vitest';
import { listJson, listKeys, modifyJson, readJson, type JsonBucket } from '../../../../cloud/liverc/matching/kv-json.ts';
import { DriverMatchingError, USER_LINKS_BUCKET } from '../../../../cloud/liverc/matching/index.ts';
import { useMatchingFixture } from './matching-fixture.ts';

const fx = useMatchingFixture();

/** The user-link bucket, freshly emptied by the fixture, used here as a plain JSON bucket. */
async function bucket(): Promise<JsonBucket> {
  const js = jetstream(fx.nc);
  return { name: USER_LINKS_BUCKET, kv: await new Kvm(js).open(USER_LINKS_BUCKET), jsm: await js.jetstreamManager() };
}

describe('kv json records', () => {
  it('kv json - keys are listed by subject filter, sorted, and a deleted key has no value', async () => {
    const b = await bucket();
    for (const key of ['u2.d1', 'u1.d2', 'u1.d1', 'u3.d1']) await b.kv.put(key, JSON.stringify({ key }));
    await b.kv.delete('u3.d1');
    expect(await listKeys(b, 'u1.*')).toEqual(['u1.d1', 'u1.d2']);
    expect(await listKeys(b, '*.d1')).toEqual(['u1.d1', 'u2.d1', 'u3.d1']);
    expect((await listJson<{ key: string }>(b, '*.d1')).map((s) => s.value.key)).toEqual(['u1.d1', 'u2.d1']);
    expect(await readJson(b, 'u3.d1')).toBeNull();
    expect(await listKeys(b, 'nobody.*')).toEqual([]);
  });

  it('kv json - a write that lost a race to another writer is redone on the value that writer left', async () => {
    const b = await bucket();
    await b.kv.put('u1.d1', JSON.stringify({ n: 1 }));
    const seen: (number | null)[] = [];
    const result = await modifyJson<{ n: number }>(b, 'u1.d1', async (current) => {
      seen.push(current?.n ?? null);
      if (seen.length === 1) await b.kv.put('u1.d1', JSON.stringify({ n: 10 }));
      return { n: (current?.n ?? 0) + 1 };
    });
    expect(seen).toEqual([1, 10]);
    expect(result).toEqual({ value: { n: 11 }, changed: true });
    expect((await readJson(b, 'u1.d1'))?.value).toEqual({ n: 11 });
  });

  it('kv json - an unchanged value is not written again, so the revision stays', async () => {
    const b = await bucket();
    await modifyJson(b, 'u1.d1', () => ({ a: 1, list: ['x'] }));
    const revision = (await readJson(b, 'u1.d1'))?.revision;
    expect(await modifyJson(b, 'u1.d1', () => ({ list: ['x'], a: 1 }))).toEqual({ value: { a: 1, list: ['x'] }, changed: false });
    expect((await readJson(b, 'u1.d1'))?.revision).toBe(revision);
  });

  it('kv json - null deletes the key, and a key that was deleted can be created again', async () => {
    const b = await bucket();
    await modifyJson(b, 'u1.d1', () => ({ v: 1 }));
    expect(await modifyJson(b, 'u1.d1', () => null)).toEqual({ value: null, changed: true });
    expect(await readJson(b, 'u1.d1')).toBeNull();
    expect(await modifyJson(b, 'u1.d1', () => null)).toEqual({ value: null, changed: false });
    expect(await modifyJson(b, 'u1.d1', (current) => ({ v: current === null ? 2 : -1 }))).toEqual({ value: { v: 2 }, changed: true });
  });

  it('kv json - a key that changes under every attempt fails with contention instead of looping', async () => {
    const b = await bucket();
    let attempts = 0;
    const write = modifyJson<{ n: number }>(b, 'u1.d1', async () => {
      attempts++;
      await b.kv.put('u1.d1', JSON.stringify({ n: attempts }));
      return { n: -1 };
    });
    await expect(write).rejects.toThrow(DriverMatchingError);
    await expect(write).rejects.toMatchObject({ code: 'contention', key: 'u1.d1' });
    expect(attempts).toBe(10);
  });
});
