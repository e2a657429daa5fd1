/** @module Pure parts of the sync: what each cloud answer means to the loop, how acks per boot map back to a prefix of the batch, and the outage lines on a clock the test moves. */
import { describe, expect, it } from 'vitest';
import { classifyAnswer, MAX_RETRY_AFTER_MS, retryAfterMs } from '../../../appliance/sync/answer.ts';
import { ingestTarget, sendsTokenInClear } from '../../../appliance/sync/cloud-url.ts';
import { SYNC_REMINDER_MS, SyncOutageLog } from '../../../appliance/sync/outage-log.ts';
import { acknowledgedPrefix, type SentRef } from '../../../appliance/sync/read-batch.ts';
import { createLogger } from '../../../shared/log/index.ts';
import { useCleanups } from '../../harness/index.ts';
import { captureJournal } from './support.ts';

const defer = useCleanups();
const URL = 'https://cloud.example.org/api/ingest/batch';
const A = '01J9ZQ8W6Y3V2K7T5R4M1N0P9A';
const B = '01J9ZQ8W6Y3V2K7T5R4M1N0P9B';
const ref = (lsn: number, boot_id: string, seq: number): SentRef => ({ lsn, boot_id, seq, captured_at_us: lsn });

describe('sync answers', () => {
  it('sync answers - 200 with the contract is taken; 200 with anything else and redirects are retried (a captive portal), not trusted', () => {
    expect(classifyAnswer(200, {}, JSON.stringify({ accepted: 2, duplicate: 0, acked: { [A]: 2 } }), URL)).toEqual({ kind: 'ok', response: { accepted: 2, duplicate: 0, acked: { [A]: 2 } } });
    expect(classifyAnswer(200, {}, '<html>Welcome to Track Wi-Fi</html>', URL)).toMatchObject({ kind: 'retry', cause: expect.stringMatching(/captive portal/) });
    expect(classifyAnswer(302, { location: 'http://portal.local/login' }, '', URL)).toMatchObject({ kind: 'retry', cause: expect.stringContaining('http://portal.local/login') });
  });

  it('sync answers - 401, 403, 400 and a 404 are refusals retrying cannot fix; 400 keeps the envelope index', () => {
    expect(classifyAnswer(401, {}, JSON.stringify({ error: 'token expired' }), URL)).toEqual({ kind: 'refused', status: 401, cause: 'the cloud refused the box token (401): token expired' });
    expect(classifyAnswer(403, {}, JSON.stringify({ error: 'envelopes[0].track_id …', index: 0 }), URL)).toMatchObject({ kind: 'refused', status: 403 });
    expect(classifyAnswer(400, {}, JSON.stringify({ error: 'envelopes[3]: invalid envelope', index: 3 }), URL)).toEqual({ kind: 'refused', status: 400, index: 3, cause: 'the cloud refused a batch as breaking the contract (400): envelopes[3]: invalid envelope' });
    expect(classifyAnswer(404, {}, 'Not Found', URL)).toEqual({ kind: 'refused', status: 404, cause: `${URL} answered 404, not the ingest API: check sync.url (a body that is not the ingest API's: "Not Found")` });
    expect(classifyAnswer(413, {}, JSON.stringify({ error: 'too big' }), URL)).toEqual({ kind: 'too_large', cause: 'the cloud refused the batch as too large (413): too big' });
  });

  it('sync answers - 429 and 5xx are retried after Retry-After (seconds, an HTTP date or the body), capped', () => {
    expect(classifyAnswer(503, { 'retry-after': '5' }, JSON.stringify({ error: 'NATS down', retry_after_s: 5 }), URL)).toEqual({ kind: 'retry', cause: 'the cloud answered 503: NATS down', retryAfterMs: 5000 });
    expect(classifyAnswer(429, {}, JSON.stringify({ error: 'blocked', retry_after_s: 300 }), URL)).toMatchObject({ kind: 'retry', retryAfterMs: 300_000 });
    expect(classifyAnswer(502, {}, '', URL)).toEqual({ kind: 'retry', cause: 'the cloud answered 502: an empty body', retryAfterMs: null });
    const now = Date.parse('2026-05-01T10:00:00Z');
    expect(retryAfterMs({ 'retry-after': 'Fri, 01 May 2026 10:00:30 GMT' }, null, now)).toBe(30_000);
    expect(retryAfterMs({ 'retry-after': '86400' }, null, now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs({ 'retry-after': 'soon' }, null, now)).toBeNull();
  });

  it('sync answers - the acknowledged prefix stops at the first envelope outside its boot\'s acked run, across boots', () => {
    const batch = [ref(10, A, 8), ref(11, A, 9), ref(12, B, 1), ref(13, B, 2), ref(14, B, 3)];
    expect(acknowledgedPrefix(batch, { [A]: 9, [B]: 3 })).toBe(5);
    expect(acknowledgedPrefix(batch, { [A]: 9, [B]: 1 })).toBe(3);
    expect(acknowledgedPrefix(batch, { [A]: 8, [B]: 3 })).toBe(1);
    expect(acknowledgedPrefix(batch, { [B]: 3 })).toBe(0);
    expect(acknowledgedPrefix([], {})).toBe(0);
  });

  it('sync answers - the batch path keeps a reverse proxy\'s prefix; only plain http off this machine sends the token in clear', () => {
    expect(ingestTarget('https://cloud.example.org/mre/')).toEqual({ origin: 'https://cloud.example.org', path: '/mre/api/ingest/batch' });
    expect(ingestTarget('http://127.0.0.1:8090')).toEqual({ origin: 'http://127.0.0.1:8090', path: '/api/ingest/batch' });
    expect(['http://10.0.0.5', 'http://127.0.0.1', 'http://[::1]:80', 'https://10.0.0.5'].map(sendsTokenInClear)).toEqual([true, false, false, false]);
  });

  it('sync answers - an outage is one warning, a reminder only after 5 minutes, and one info once the backlog is sent', () => {
    const journal = captureJournal(defer);
    let now = 0;
    const outage = new SyncOutageLog(createLogger('appliance:sync'), 'https://cloud.example.org', SYNC_REMINDER_MS, () => now);
    outage.succeeded(0);
    outage.caughtUp();
    for (let attempt = 0; attempt < 20; attempt++) {
      outage.failed('connection refused', 60_000, 100 + attempt);
      now += 60_000;
    }
    outage.succeeded(400);
    // Away again before the backlog is sent: the same outage, already reported.
    outage.failed('connection reset', 500, 200);
    outage.succeeded(200);
    outage.caughtUp();
    outage.caughtUp();
    expect(journal).toEqual([
      '<4>appliance:sync: cloud unreachable, sync backing off url=https://cloud.example.org cause="connection refused" retry_in_ms=60000 unsent=100',
      '<4>appliance:sync: cloud still unreachable, sync retrying url=https://cloud.example.org cause="connection refused" away_s=300 attempts=6 unsent=105',
      '<4>appliance:sync: cloud still unreachable, sync retrying url=https://cloud.example.org cause="connection refused" away_s=600 attempts=11 unsent=110',
      '<4>appliance:sync: cloud still unreachable, sync retrying url=https://cloud.example.org cause="connection refused" away_s=900 attempts=16 unsent=115',
      '<6>appliance:sync: cloud sync caught up after an outage url=https://cloud.example.org drained=600 away_s=1200 attempts=21',
    ]);
  });
});
