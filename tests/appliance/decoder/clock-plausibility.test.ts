/** @module Decoder link: a GET_TIME answer centuries off the box clock is not taken as the decoder's clock offset. */
import { describe, expect, test } from 'vitest';
import { encodeRecord, TOR } from '../../../shared/p3/index.ts';
import { useCleanups } from '../../harness/index.ts';
import { collectingLink, DECODER_ID, serveDecoder, waitUntil } from './helpers.ts';

const defer = useCleanups();

/** A decoder that answers the link's GET_TIME with `rtcUs`. */
async function answering(rtcUs: number) {
  const s = await serveDecoder(defer, (socket, index) => {
    socket.on('data', () => {
      if (s.requests(index).some((d) => d.record.type === 'GET_TIME') && !socket.writableEnded) {
        socket.end(encodeRecord({ type: 'GET_TIME', tor: TOR.GET_TIME, version: 2, rtc_time_us: rtcUs, flags: 0, decoder_id: DECODER_ID }));
      }
    });
  });
  return s;
}

describe('decoder link clock', () => {
  test('decoder link - a GET_TIME answer 7.2e15 µs off is no clock offset; one from a 2019 decoder clock is', async () => {
    const boxNowUs = 1_795_000_000_000_000;
    const corrupted = collectingLink(defer, `tcp://127.0.0.1:${(await answering(boxNowUs + 7.2e15)).port}`, { now: () => boxNowUs });
    corrupted.link.start();
    await waitUntil('the corrupted answer', () => corrupted.records.length, (n) => n >= 1);
    expect(corrupted.link.status().clock_offset_us).toBeUndefined();

    const rtc2019 = 1_551_542_808_933_000;
    const old = collectingLink(defer, `tcp://127.0.0.1:${(await answering(rtc2019)).port}`, { now: () => boxNowUs });
    old.link.start();
    await waitUntil('the 2019 answer', () => old.records.length, (n) => n >= 1);
    expect(old.link.status().clock_offset_us).toBe(rtc2019 - boxNowUs);
  });
});
