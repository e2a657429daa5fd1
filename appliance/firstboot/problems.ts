/**
 * @module `<data dir>/firstboot-problems.json`: what was wrong with the last first-boot file, kept
 * until a good one is applied, so race control and the scoreboard can say it (the journal alone is
 * read by nobody at the track).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigProblem } from '../../shared/config/load-config.ts';
import type { FirstbootProblems } from '../../shared/contracts/status.ts';
import { writeDurably } from '../../shared/fs/write-durably.ts';

export const PROBLEMS_FILE = 'firstboot-problems.json';

export async function writeProblems(dataDir: string, file: string, problems: ConfigProblem[], at = new Date()): Promise<void> {
  const doc: FirstbootProblems = { file, at: at.toISOString(), problems };
  await writeDurably(join(dataDir, PROBLEMS_FILE), JSON.stringify(doc, null, 2) + '\n', 0o644);
}

export async function clearProblems(dataDir: string): Promise<void> {
  await rm(join(dataDir, PROBLEMS_FILE), { force: true });
}

/** The problems recorded, or null when there are none (or the file cannot be read as such). */
export async function readProblems(dataDir: string): Promise<FirstbootProblems | null> {
  let text: string;
  try {
    text = await readFile(join(dataDir, PROBLEMS_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const doc = JSON.parse(text) as Partial<FirstbootProblems>;
    if (!Array.isArray(doc.problems)) return null;
    const problems = doc.problems.filter((p): p is ConfigProblem => typeof p?.path === 'string' && typeof p?.message === 'string');
    return { file: String(doc.file ?? ''), at: String(doc.at ?? ''), problems };
  } catch {
    return null;
  }
}
