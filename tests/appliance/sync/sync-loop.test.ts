/** @module The sync loop between a real envelope log and the real ingest role on a real nats-server: live sends in order and once, a NATS crash ridden out with one warning and one info, a revoked token refused for good. */
import { afterEach, describe, expect, it } from 'vitest';
import { readAfter } from '../../../appliance/log/index.ts';
import { revokeToken } from '../../../cloud/ingest/revocations.ts';
import { useCleanups, waitFor } from '../../harness/index.ts';
import { boxDir, boxToken, captureJournal, keysOf, passingEntries, startIngestStack, startLoop, streamMessages, syncLines, type IngestStack } from './support.ts';

const defer = useCleanups();
let stack: IngestStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const everything = async (log: Parameters<typeof readAfter>[0]) => (await readAfter(log, 0, 100_000)).map((s) => s.envelope);

describe('box sync', () => {
  it('box sync - envelopes reach the stream soon after each commit, in log order, each once under its idempotency key, and nothing is sent while idle', async () => {
    stack = await startIngestStack('sync-live');
    const log = await (await boxDir(defer)).open();
    const loop = startLoop(defer, log, stack.cloud.url, boxToken().token);
    await waitFor('the first answer from the cloud', () => loop.status().state === 'online');

    let passing = 1;
    for (let round = 0; round < 8; round++) {
      const count = 1 + (round % 4);
      await log.append(passingEntries(passing, count));
      passing += count;
      // No timer drives the loop: only the commit can have woken it.
      await waitFor(`round ${round} acknowledged`, () => loop.status().cursor_lsn === log.stats().last_lsn, 5_000);
    }
    const idleRequests = loop.status().requests_this_boot;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(loop.status().requests_this_boot).toBe(idleRequests);

    const logged = await everything(log);
    expect(logged).toHaveLength(passing - 1);
    const stored = await streamMessages(stack.nc);
    expect(stored.map((m) => m.msgId)).toEqual(keysOf(logged));
    expect(stored.map((m) => ({ ...m.envelope, ingested_at_us: undefined }))).toEqual(logged.map((e) => ({ ...e, ingested_at_us: undefined })));
    expect(loop.status()).toMatchObject({ state: 'online', cursor_lsn: logged.length, lag_envelopes: 0, lag_seconds: 0, drained_this_boot: logged.length, last_error: null });
    expect(loop.status().last_success_at_us).toBeGreaterThan(0);
  });

  it('box sync - NATS killed while passings keep coming: bounded retries and one warning; back, everything drains once with one info line naming the count', async () => {
    stack = await startIngestStack('sync-outage');
    const journal = captureJournal(defer);
    const log = await (await boxDir(defer)).open();
    const loop = startLoop(defer, log, stack.cloud.url, boxToken().token);
    await log.append(passingEntries(1, 5));
    await waitFor('the first passings acknowledged', () => loop.status().cursor_lsn === 5);

    await stack.nats.kill();
    const before = loop.status().requests_this_boot;
    let passing = 6;
    for (let i = 0; i < 12; i++) {
      await log.append(passingEntries(passing, 5));
      passing += 5;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(loop.status()).toMatchObject({ state: 'backing_off', cursor_lsn: 5, lag_envelopes: 60 });
    expect(loop.status().last_error).toMatch(/503/);
    expect(loop.status().lag_seconds).toBeGreaterThan(0);
    // Six seconds of outage with Retry-After 5 and a doubling backoff: a handful of tries, not one per commit.
    expect(loop.status().requests_this_boot - before).toBeLessThanOrEqual(4);

    await stack.nats.restart();
    await waitFor('the backlog drained', () => loop.status().cursor_lsn === log.stats().last_lsn && loop.status().state === 'online', 45_000);
    await log.append(passingEntries(passing, 1));
    await waitFor('the passing after the outage', () => loop.status().cursor_lsn === log.stats().last_lsn);

    const logged = await everything(log);
    expect((await streamMessages(stack.nc)).map((m) => m.msgId)).toEqual(keysOf(logged));
    const warnings = syncLines(journal, '<4>');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^<4>appliance:sync: cloud unreachable, sync backing off .*cause=.*503/);
    const infos = syncLines(journal, '<6>').filter((l) => l.includes('caught up'));
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatch(/cloud sync caught up after an outage .*drained=60 away_s=\d+ attempts=\d+/);
    expect(syncLines(journal, '<3>')).toEqual([]);
  }, 90_000);

  it('box sync - a revoked token: one error line, state refused, and no request after it whatever is logged', async () => {
    stack = await startIngestStack('sync-revoked');
    const journal = captureJournal(defer);
    const log = await (await boxDir(defer)).open();
    const { token, jti } = boxToken();
    const loop = startLoop(defer, log, stack.cloud.url, token);
    await log.append(passingEntries(1, 3));
    await waitFor('the first passings acknowledged', () => loop.status().cursor_lsn === 3);

    await revokeToken(stack.nc, jti, 'box sold');
    await waitFor('the ingest node to know the revocation', () => stack!.cloud.ingest!.revocations.has(jti));
    await log.append(passingEntries(4, 2));
    await waitFor('the refusal', () => loop.status().state === 'refused');
    const refusedAt = loop.status().requests_this_boot;
    for (let n = 6; n < 16; n++) await log.append(passingEntries(n, 1));
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(loop.status()).toMatchObject({ state: 'refused', cursor_lsn: 3, lag_envelopes: 12, requests_this_boot: refusedAt });
    expect(loop.status().last_error).toBe(`the cloud refused the box token (401): token ${jti} has been revoked: issue the box a new one`);
    const errors = syncLines(journal, '<3>');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^<3>appliance:sync: cloud sync refused, stopped until the box restarts .*cause=.*401.*revoked.* status=401/);
    expect(syncLines(journal, '<4>')).toEqual([]);
    expect((await streamMessages(stack.nc)).map((m) => m.envelope.seq)).toEqual([1, 2, 3]);
  });
});
