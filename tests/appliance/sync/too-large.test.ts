/** @module An envelope the cloud can never store (larger than the NATS server's max_payload): the box splits batches until it stands alone, sends everything before it, then stops with one error line naming its lsn instead of re-sending it for ever. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, startNatsServer, useCleanups, waitFor } from '../../harness/index.ts';
import { startCloud } from '../../../cloud/service/cloud-service.ts';
import { boxDir, boxToken, captureJournal, passingEntries, passingEntry, startLoop, syncLines } from './support.ts';
import { ingestConfig } from '../../cloud/ingest/support.ts';

const defer = useCleanups();

describe('box sync too large', () => {
  it('box sync too large - batches are halved around an envelope over max_payload, the rest before it is taken, then one refusal naming it', async () => {
    const confDir = await makeTempDir('nats-conf-');
    defer(() => removeTempDir(confDir));
    await writeFile(join(confDir, 'small.conf'), 'max_payload: 65536\n');
    const nats = await startNatsServer({ args: ['-c', join(confDir, 'small.conf')] });
    defer(() => nats.stop());
    const cloud = await startCloud(ingestConfig(nats.url), { name: 'sync-too-large' });
    defer(() => cloud.stop());
    const journal = captureJournal(defer);

    const log = await (await boxDir(defer)).open();
    const huge = { ...passingEntry(7), payload: { ...passingEntry(7).payload, note: 'x'.repeat(100_000) } };
    await log.append([...passingEntries(1, 6), huge, ...passingEntries(8, 5)]);
    const loop = startLoop(defer, log, cloud.url, boxToken().token);
    await waitFor('the refusal', () => loop.status().state === 'refused');

    expect(loop.status()).toMatchObject({ cursor_lsn: 6, lag_envelopes: 6 });
    expect(loop.status().last_error).toMatch(/^the cloud refused the batch as too large \(413\): envelopes\[0\] is \d+ bytes as stored, more than the NATS server takes in one message \(max_payload 65536\)$/);
    const errors = syncLines(journal, '<3>');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cloud sync refused, stopped until the box restarts .* status=413 lsn=7 boot_id=\w+ seq=7$/);
    expect(syncLines(journal, '<4>')).toEqual([expect.stringMatching(/cloud refused a batch as too large, sending smaller ones .*envelopes=12 now_at_most=6/)]);
  });
});
