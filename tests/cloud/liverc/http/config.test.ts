/** @module LiveRC connector configuration: defaults, the required contact, the spacing floor, host templates. */
import { describe, expect, it } from 'vitest';
import { LiveRcConfigError, parseLiveRcConfig } from '../../../../cloud/liverc/config.ts';

function problems(raw: unknown): string[] {
  try {
    parseLiveRcConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(LiveRcConfigError);
    return (error as LiveRcConfigError).problems;
  }
  throw new Error('expected the configuration to be refused');
}

describe('liverc config', () => {
  it('liverc config - defaults are on, 1 s apart, 5 s connect, 30 s total, 3 tries, the real hosts', () => {
    expect(parseLiveRcConfig({ contact: 'ops@club.example' })).toEqual({
      enabled: true,
      contact: 'ops@club.example',
      min_interval_ms: 1000,
      timeout_ms: { connect: 5000, total: 30000 },
      max_tries: 3,
      backoff_ms: 1000,
      max_retry_after_ms: 600000,
      hosts: { catalogue: 'https://live.liverc.com', track: 'https://{slug}.liverc.com' },
    });
  });

  it('liverc config - the contact is required and must be an e-mail address or URL', () => {
    expect(problems({})).toEqual([expect.stringMatching(/^contact: contact is required: an e-mail address or http\(s\) URL/)]);
    expect(problems({ contact: 'the club' })[0]).toMatch(/^contact:/);
    expect(problems({ contact: 'https://club.example/(x)' })[0]).toMatch(/^contact:/);
    expect(parseLiveRcConfig({ contact: ' https://club.example/liverc ' }).contact).toBe('https://club.example/liverc');
  });

  it('liverc config - min_interval_ms below 500 is refused with the reason', () => {
    expect(problems({ contact: 'a@b.example', min_interval_ms: 100 })).toEqual([
      'min_interval_ms: min_interval_ms must be at least 500: LiveRC publishes no rate limit, so no more than two requests a second to LiveRC',
    ]);
    expect(parseLiveRcConfig({ contact: 'a@b.example', min_interval_ms: '2000' }).min_interval_ms).toBe(2000);
  });

  it('liverc config - the kill switch reads booleans and their env spellings', () => {
    expect(parseLiveRcConfig({ contact: 'a@b.example', enabled: 'false' }).enabled).toBe(false);
    expect(parseLiveRcConfig({ contact: 'a@b.example', enabled: '1' }).enabled).toBe(true);
    expect(problems({ contact: 'a@b.example', enabled: 'maybe' })).toEqual(['enabled: expected true or false']);
  });

  it('liverc config - bad hosts, tries and unknown fields are named by path', () => {
    const found = problems({ contact: 'a@b.example', max_tries: 0, hosts: { track: 'https://liverc.example' }, min_gap: 3 });
    expect(found.some((p) => p.startsWith('max_tries:'))).toBe(true);
    expect(found.some((p) => p.startsWith('hosts:') && p.includes('{slug}'))).toBe(true);
    expect(found.some((p) => p.includes('min_gap'))).toBe(true);
  });

  it('liverc config - timeouts are per part and keep their defaults when one is given', () => {
    expect(parseLiveRcConfig({ contact: 'a@b.example', timeout_ms: { total: 10_000 } }).timeout_ms).toEqual({ connect: 5000, total: 10000 });
  });
});
