/** @module The live endpoint refuses a bad query or another track with HTTP 400 JSON naming the field, before any upgrade. */
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../harness/index.ts';
import { refusedUpgrade, startLiveServer, TRACK, type LiveServer } from './support.ts';

const defer = useCleanups();

async function server(): Promise<LiveServer> {
  const live = await startLiveServer();
  defer(() => live.stop());
  return live;
}

const badQueries: [query: string, field: string, detail: string][] = [
  ['', 'track_id', 'track_id'],
  ['track_id=Track!1', 'track_id', '"Track!1"'],
  ['track_id=other-track', 'track_id', '"other-track" is not this box\'s track "track-1"'],
  [`track_id=${TRACK}&event_id=E%201`, 'event_id', '"E 1"'],
  [`track_id=${TRACK}&channels=race,video`, 'channels', 'channel "video" is not one of race, decoder'],
  [`track_id=${TRACK}&channels=`, 'channels', 'at least one channel'],
  [`track_id=${TRACK}&from=start`, 'from', '"now"'],
  [`track_id=${TRACK}&token=abc`, 'token', 'token'],
];

describe('live refusals', () => {
  it.each(badQueries)('live refusal - upgrade with "%s" gets 400 JSON naming %s before any upgrade', async (query, field, detail) => {
    const live = await server();
    const refused = await refusedUpgrade(live.url(query));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain(field);
    expect(refused.body.error).toContain(detail);
    expect(live.hub.stats().clients).toBe(0);
  });

  it('live refusal - a plain GET gets the same 400 JSON for a bad query and 426 for a good one', async () => {
    const live = await server();
    const base = `http://127.0.0.1:${live.port}/ws/v1/live`;
    const bad = await fetch(`${base}?track_id=elsewhere`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/json');
    expect(((await bad.json()) as { error: string }).error).toContain('track_id "elsewhere"');

    const good = await fetch(`${base}?track_id=${TRACK}`);
    expect(good.status).toBe(426);
    expect(good.headers.get('upgrade')).toBe('websocket');
    expect(((await good.json()) as { error: string }).error).toContain('Upgrade: websocket');
  });

  it('live refusal - after close() an upgrade gets 503 JSON', async () => {
    const live = await server();
    await live.hub.close();
    const refused = await refusedUpgrade(live.url(`track_id=${TRACK}`));
    expect(refused).toEqual({ status: 503, body: { error: 'the live feed is shutting down' } });
  });
});
