/** @module The real appliance with sync on (token from a file), a loopback TCP decoder and the real ingest role: passings reach the stream, `/api/status` reports the sync, and a cloud whose HTTP server stops and comes back on the same port gets everything once. */
import { writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { startAppliance } from '../../../appliance/service/appliance.ts';
import { configSchema } from '../../../appliance/service/config.ts';
import type { SyncStatus } from '../../../shared/contracts/status.ts';
import { freePort, makeTempDir, removeTempDir, startNatsServer, useCleanups, waitFor } from '../../harness/index.ts';
import { passing, startDecoderServer } from '../decoder/helpers.ts';
import { getJson, readLogDir } from '../service/support.ts';
import { boxToken, CLIENT, keysOf, startCloudOn, streamMessages, TRACK } from './support.ts';

const defer = useCleanups();

describe('appliance sync', () => {
  it('appliance sync - decoder passings reach the cloud stream once each, through a stop and restart of the cloud HTTP server, with the sync in /api/status', async () => {
    const nats = await startNatsServer();
    defer(() => nats.stop());
    const port = await freePort();
    let cloud = await startCloudOn(nats.url, port);
    defer(() => cloud.stop());

    let decoderSocket: Socket | undefined;
    const decoder = await startDecoderServer((socket) => (decoderSocket = socket));
    defer(() => decoder.close());
    let next = 1;
    const sendPassings = (count: number) => {
      for (let i = 0; i < count; i++) decoderSocket!.write(passing(next++));
    };

    const dataDir = await makeTempDir('mre-sync-box-');
    defer(() => removeTempDir(dataDir));
    const tokenFile = join(dataDir, 'sync-token');
    await writeFile(tokenFile, `${boxToken().token}\n`, { mode: 0o600 });
    const url = `http://127.0.0.1:${port}`;
    const config = configSchema.parse({
      track_id: TRACK, client_id: CLIENT, data_dir: dataDir,
      decoder: { source: `tcp://127.0.0.1:${decoder.port}` },
      http: { host: '127.0.0.1', port: 0 },
      log: { min_free_bytes: 0 },
      sync: { enabled: true, url, token_file: tokenFile },
    });
    const appliance = await startAppliance(config);
    defer(() => appliance.stop());
    const syncStatus = async () => (await getJson(`${appliance.url}/api/status`)).body.sync as SyncStatus;
    const logged = () => appliance.status().log.last_lsn;

    await waitFor('the decoder link', () => decoderSocket !== undefined && appliance.status().decoder.state === 'connected');
    sendPassings(20);
    await waitFor('20 passings logged and synced', async () => logged() >= 20 && (await syncStatus()).cursor_lsn === logged());
    expect(await syncStatus()).toMatchObject({ state: 'online', url, lag_envelopes: 0, lag_seconds: 0, last_error: null });

    await cloud.stop();
    sendPassings(15);
    await waitFor('the box to find the cloud gone', async () => (await syncStatus()).state === 'backing_off');
    sendPassings(15);
    await waitFor('50 passings logged', () => appliance.status().intake.passings_this_boot === 50);
    const away = await syncStatus();
    expect(away.lag_envelopes).toBe(logged() - away.cursor_lsn);
    expect(away.lag_envelopes).toBeGreaterThanOrEqual(15);
    expect(away.last_error).toMatch(/ECONNREFUSED/);

    cloud = await startCloudOn(nats.url, port);
    await waitFor('the backlog drained', async () => (await syncStatus()).cursor_lsn === logged(), 60_000);
    expect((await syncStatus()).state).toBe('online');

    await appliance.stop();
    const envelopes = await readLogDir(join(dataDir, 'log'));
    expect(envelopes.filter((e) => e.message_type === 'PASSING')).toHaveLength(50);
    const nc = await connect({ servers: nats.url });
    defer(() => nc.close());
    expect((await streamMessages(nc)).map((m) => m.msgId)).toEqual(keysOf(envelopes));
  }, 90_000);
});
