/** @module `mre decode` end to end: the real command on files, stdin and hex text; output names, summary, exit codes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeRecord, toHex } from '../../shared/p3/index.ts';
import { jsonLines, runMre } from '../support/run-mre.ts';
import { describeWithShared, sharedPath } from '../support/shared-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'mre-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const passing = (n: number) =>
  encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: n, transponder: 3438895, rtc_time_us: 1551548443067000, strength: 153, hits: 28, flags: 0, decoder_id: 268307 });
const status = encodeRecord({ type: 'STATUS', tor: 2, version: 2, noise: 40, temperature: 22, input_voltage: 118, gps: 0, decoder_id: 268307 });
const corrupt = (() => {
  const frame = Uint8Array.from(passing(99));
  frame[14] = frame[14]! ^ 0x10;
  return frame;
})();

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('cli decode', () => {
  it('cli decode - prints one JSON object per frame with the documented names and integer values', async () => {
    const result = await runMre(['decode', file('session.bin', Buffer.concat([status, passing(1), passing(2)]))]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"rtc_time_us":1551548443067000,');
    expect(jsonLines(result.stdout)).toEqual([
      { type: 'STATUS', tor: 2, version: 2, crc_ok: true, decoder_id: 268307, noise: 40, gps: 0, temperature: 22, input_voltage: 118 },
      { type: 'PASSING', tor: 1, version: 2, crc_ok: true, decoder_id: 268307, passing_number: 1, transponder: 3438895, rtc_time_us: 1551548443067000, strength: 153, hits: 28, flags: 0 },
      { type: 'PASSING', tor: 1, version: 2, crc_ok: true, decoder_id: 268307, passing_number: 2, transponder: 3438895, rtc_time_us: 1551548443067000, strength: 153, hits: 28, flags: 0 },
    ]);
  });

  it('cli decode - reads hex text from stdin with "-", skipping comments and whitespace', async () => {
    const text = `# two frames\n${toHex(status)}\n\n  ${toHex(passing(5)).replace(/(..)/g, '$1 ')}\n`;
    const result = await runMre(['decode', '--hex', '-'], { input: text });
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((r) => r.type)).toEqual(['STATUS', 'PASSING']);
  });

  it('cli decode - hides refused frames unless --include-bad, which marks them crc_ok false with the reason', async () => {
    const path = file('mixed.bin', Buffer.concat([passing(1), corrupt, passing(2)]));
    const plain = await runMre(['decode', path]);
    expect(jsonLines(plain.stdout).map((r) => r.passing_number)).toEqual([1, 2]);
    const all = await runMre(['decode', '--include-bad', path]);
    const records = jsonLines(all.stdout);
    expect(records.map((r) => r.crc_ok)).toEqual([true, false, true]);
    expect(records[1]!.error).toMatch(/^crc: stored CRC 0x[0-9A-F]{4}, computed 0x[0-9A-F]{4}$/);
  });

  it('cli decode - writes a summary with frames, bad frames and gaps to stderr as journald lines', async () => {
    const result = await runMre(['decode', file('gappy.bin', Buffer.concat([passing(10), corrupt, passing(13)]))]);
    expect(result.stderr).toContain('<4>cli:decode: passing numbers missing decoder_id=268307 from=11 to=12');
    expect(result.stderr).toMatch(/<6>cli:decode: decoded frames=3 good=2 bad=1 bad_crc=1 junk_bytes=0 gaps=1 missing=2/);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('cli decode - exits 1 with a message when the input holds no frame', async () => {
    const result = await runMre(['decode', '-'], { input: 'just some text\n' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('<3>cli:decode: no P3 frame found in the input');
  });

  it('cli decode - exits 1 when every frame was refused, pointing at --include-bad', async () => {
    const result = await runMre(['decode', file('bad-only.bin', corrupt)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no valid P3 frame in the input (1 refused; --include-bad prints them)');
  });

  it('cli decode - refuses bad usage with exit 2 and one line, and a missing file with exit 1', async () => {
    const flag = await runMre(['decode', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim().split('\n')).toHaveLength(1);
    expect(flag.stderr).toContain("Unknown option '--bogus'");
    const missing = await runMre(['decode', join(dir, 'nope.bin')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^mre decode: .*nope\.bin/m);
    const badHex = await runMre(['decode', '--hex', '-'], { input: '8e02\nzz\n' });
    expect(badHex.code).toBe(1);
    expect(badHex.stderr).toContain('hex input line 2: "z" is not a hex digit');
  });

  it('cli decode - --help describes the options; mre --help lists the command; unknown commands exit 2', async () => {
    const help = await runMre(['decode', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--include-bad');
    const top = await runMre(['--help']);
    expect(top.stdout).toMatch(/^\s+decode\s+P3 decoder bytes/m);
    const unknown = await runMre(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it('cli decode - runs through npx with no build step', async () => {
    const result = await runMre(['decode', '--hex', '-'], { input: toHex(passing(3)), viaNpx: true });
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toMatchObject([{ type: 'PASSING', passing_number: 3 }]);
  });
});

describeWithShared('cli decode captures', ['fixtures/p3/vmindru_amb-short_2019-03-02.hexlines.txt', 'fixtures/p3/hama_amb_rc_session_2026-05-05.bin'], () => {
  it('cli decode captures - prints the 2019 short session and reports its one gap', async () => {
    const result = await runMre(['decode', '--hex', sharedPath('fixtures/p3/vmindru_amb-short_2019-03-02.hexlines.txt')]);
    expect(result.code).toBe(0);
    const records = jsonLines(result.stdout);
    expect(records).toHaveLength(371);
    expect(records.filter((r) => r.type === 'PASSING')).toHaveLength(83);
    expect(result.stderr).toContain('from=157829 to=157829');
    expect(result.stderr).toContain('frames=371 good=371 bad=0');
  });

  it('cli decode captures - the 2026 RC session shows its 15 anonymised passings only with --include-bad', async () => {
    const path = sharedPath('fixtures/p3/hama_amb_rc_session_2026-05-05.bin');
    const plain = jsonLines((await runMre(['decode', path])).stdout);
    expect(plain).toHaveLength(43);
    expect(plain[0]).toMatchObject({ type: 'TOR_0x001C', tor: 28, unknown_fields: { '0x01': '6171a759d7df5a37' } });
    const all = jsonLines((await runMre(['decode', '--include-bad', path])).stdout);
    expect(all.filter((r) => r.crc_ok === false)).toHaveLength(15);
  });
});
