/** @module Finding and parsing the first-boot file on the boot partition: `mre.toml` or `mre.json`, never both. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { ConfigProblem } from '../../shared/config/load-config.ts';

export const BOOT_FILE_NAMES = ['mre.toml', 'mre.json'] as const;

export interface BootFile {
  path: string;
  ext: 'toml' | 'json';
  text: string;
}

async function readIfThere(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The file to apply, `null` when there is none, or a problem when both are there (which one is meant cannot be guessed). */
export async function findBootFile(bootDir: string): Promise<BootFile | null | { problem: ConfigProblem; path: string }> {
  const found: BootFile[] = [];
  for (const name of BOOT_FILE_NAMES) {
    const path = join(bootDir, name);
    const text = await readIfThere(path);
    if (text !== undefined) found.push({ path, ext: name.endsWith('.toml') ? 'toml' : 'json', text });
  }
  if (found.length > 1) return { path: found[0]!.path, problem: { path: '(file)', message: `both ${BOOT_FILE_NAMES.join(' and ')} are on the boot partition: keep one` } };
  return found[0] ?? null;
}

/** The document as an object, or the parser's own words (TOML's carry the line and column). */
export function parseBootFile(file: BootFile): { ok: true; raw: Record<string, unknown> } | { ok: false; problem: ConfigProblem } {
  let raw: unknown;
  try {
    raw = file.ext === 'toml' ? parseToml(file.text) : JSON.parse(file.text);
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    const where = line !== undefined ? ` at line ${line}, column ${column}` : '';
    const reason = (error as Error).message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    return { ok: false, problem: { path: '(file)', message: `not valid ${file.ext === 'toml' ? 'TOML' : 'JSON'}${where}: ${reason}` } };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, problem: { path: '(file)', message: 'expected an object of sections' } };
  return { ok: true, raw: raw as Record<string, unknown> };
}
