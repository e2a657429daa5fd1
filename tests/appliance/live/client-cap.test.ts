/** @module The box's live feed serves at most `live.max_clients` viewers: one more is refused with 503, Retry-After and the setting's name before its upgrade, and a freed place is taken again. */
import { WebSocket } from 'ws';
import { expect, it } from 'vitest';
import { loadConfig } from '../../../appliance/service/config.ts';
import { startAppliance } from '../../../appliance/service/appliance.ts';
import { makeTempDir, removeTempDir, useCleanups, waitFor } from '../../harness/index.ts';
import { refusedUpgrade } from './support.ts';

const defer = useCleanups();

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

it('live client cap - the third viewer of a box capped at two is refused with 503 naming live.max_clients; when one leaves, a new one gets in', async () => {
  const dir = await makeTempDir('live-cap');
  defer(() => removeTempDir(dir));
  const box = await startAppliance(loadConfig(undefined, { MRE_DATA_DIR: dir, MRE_HTTP_HOST: '127.0.0.1', MRE_HTTP_PORT: '0', MRE_DECODER_SOURCE: 'simulator', MRE_LIVE_MAX_CLIENTS: '2', MRE_CONTROL_TOKEN: '135799' }));
  defer(() => box.stop());
  const url = `${box.url.replace(/^http/, 'ws')}/ws/v1/live?track_id=${box.status().track_id}`;
  const first = await open(url);
  const second = await open(url);
  defer(() => (first.terminate(), second.terminate()));

  const refused = await refusedUpgrade(url);
  expect(refused.status).toBe(503);
  expect(refused.body.error).toBe('the live feed already serves its 2 viewers (live.max_clients): try again in a little while');
  expect(box.status().live.clients).toBe(2);

  first.close();
  await waitFor('the first viewer to be gone', () => box.status().live.clients === 1 || undefined);
  const third = await open(url);
  defer(() => third.terminate());
  expect(box.status().live.clients).toBe(2);
});
