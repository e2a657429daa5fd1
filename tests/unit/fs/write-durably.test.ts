/** @module writeDurably: the file is replaced whole, and a write that fails leaves no half-written temp file beside it. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { writeDurably } from '../../../shared/fs/write-durably.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mre-durable-'));
  dirs.push(dir);
  return dir;
}

it('write durably - replaces the file with the new text and leaves nothing else', async () => {
  const dir = tempDir();
  await writeDurably(join(dir, 'state.json'), '{"a":1}');
  await writeDurably(join(dir, 'state.json'), '{"a":2}');
  expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('{"a":2}');
  expect(readdirSync(dir)).toEqual(['state.json']);
});

it('write durably - a write that cannot be put in place throws and removes its temp file', async () => {
  const dir = tempDir();
  // A directory where the file should go: the rename over it fails (EISDIR), as a full disk fails the write.
  mkdirSync(join(dir, 'state.json'));
  await expect(writeDurably(join(dir, 'state.json'), 'x'.repeat(1 << 20))).rejects.toMatchObject({ code: 'EISDIR' });
  expect(readdirSync(dir)).toEqual(['state.json']);
});
