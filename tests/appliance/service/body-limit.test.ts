/** @module Request bodies on the real appliance process: a 100 MB body, chunked or declared, is refused 413 naming the limit while it streams, the process's memory does not follow it, and the largest event the caps allow still fits. */
import { describe, expect, it } from 'vitest';
import { useCleanups, waitFor } from '../../harness/index.ts';
import { largestEvent } from './largest-event.ts';
import { PIN, postIntent, request, spawnBox, streamBody, type BoxProcess } from './box-process.ts';

const defer = useCleanups();
const HUNDRED_MB = 100 * 1024 * 1024;
/** Far below the 100 MB sent: an RSS that follows the body would pass it many times over. */
const RSS_SLACK = 48 * 1024 * 1024;

const head = (port: number, length: string) =>
  [`POST /api/control/event.setup HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Authorization: Bearer ${PIN}`, 'Content-Type: application/json', length, '', ''].join('\r\n');

async function stillServes(box: BoxProcess): Promise<void> {
  expect((await request(box.port, { path: '/healthz' })).status).toBe(200);
  expect((await postIntent(box.port, 'event.setup', { event_id: 'after', name: 'After' }, PIN)).status).toBe(200);
}

describe('request bodies', () => {
  it('request bodies - a streamed 100 MB chunked body is refused 413 naming the limit before it ends, and memory does not grow with it', async () => {
    const box = await spawnBox(defer);
    const before = box.rssBytes();
    const answer = await streamBody(box.port, head(box.port, 'Transfer-Encoding: chunked'), HUNDRED_MB, true);
    defer(() => answer.socket.destroy());
    expect(answer.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(JSON.parse(answer.body)).toEqual({ error: 'request body is larger than 1536 KiB (1572864 bytes), the most this route takes', limit_bytes: 1_572_864 });
    expect(answer.sentWhenAnswered).toBeLessThan(HUNDRED_MB);
    await answer.sendEnded;
    await waitFor('the rest of the body read and thrown away', async () => (await request(box.port, { path: '/healthz' })).status === 200);
    expect(box.rssBytes() - before).toBeLessThan(RSS_SLACK);
    await stillServes(box);
  }, 120_000);

  it('request bodies - a declared 100 MB Content-Length is refused at once, and one that claims less than is sent ends the request at what it claimed', async () => {
    const box = await spawnBox(defer);
    const before = box.rssBytes();
    const declared = await streamBody(box.port, head(box.port, `Content-Length: ${HUNDRED_MB}`), HUNDRED_MB, false);
    defer(() => declared.socket.destroy());
    expect(declared.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(JSON.parse(declared.body)).toMatchObject({ limit_bytes: 1_572_864 });
    await declared.sendEnded;
    // Node reads no more body than Content-Length says: the rest is a malformed next request, and the connection is dropped.
    const lying = await streamBody(box.port, head(box.port, 'Content-Length: 100'), HUNDRED_MB, false).catch((error: Error) => error);
    if (!(lying instanceof Error)) {
      defer(() => lying.socket.destroy());
      expect(lying.statusLine).toMatch(/^HTTP\/1\.1 400 /);
    }
    expect(box.rssBytes() - before).toBeLessThan(RSS_SLACK);
    await stillServes(box);
  }, 120_000);

  it('request bodies - the largest event the caps allow fits its limit; another intent over 64 KiB is refused 413', async () => {
    const box = await spawnBox(defer);
    const event = largestEvent('national');
    expect(Buffer.byteLength(JSON.stringify(event))).toBeGreaterThan(1024 * 1024);
    expect((await postIntent(box.port, 'event.setup', event, PIN)).status).toBe(200);
    const oversized = await postIntent(box.port, 'race.start', { race_id: 'r1', padding: 'x'.repeat(65 * 1024) }, PIN);
    expect(oversized).toMatchObject({ status: 413, body: { error: 'request body is larger than 64 KiB (65536 bytes), the most this route takes', limit_bytes: 65_536 } });
  }, 120_000);
});
