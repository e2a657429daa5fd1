/** @module A damaged engine store: how LevelDB says so, the typed error that names the store and the cause, and moving the damaged copy aside. */
import { readdir, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The engine store cannot be read or written as it is. It holds only what the log can derive
 * again, so the fix is always a rebuild from the log; the command to run is named by whoever
 * knows how the box was started (the CLI).
 */
export class EngineStoreDamagedError extends Error {
  constructor(
    readonly dir: string,
    readonly reason: string,
  ) {
    super(`the engine store ${dir} is damaged (${reason}): rebuild it from the log with \`mre appliance replay --repair\``);
    this.name = 'EngineStoreDamagedError';
  }
}

/** LevelDB's own words for a store it cannot trust; a full disk is not among them (moving the store aside would not help). */
export function damageReason(error: unknown): string | null {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const codes = [e.code, e.cause?.code];
  const message = [e.message, e.cause?.message].filter(Boolean).join(': ');
  if (/no space|ENOSPC/i.test(message)) return null;
  if (codes.includes('LEVEL_CORRUPTION') || codes.includes('LEVEL_IO_ERROR') || codes.includes('LEVEL_INVALID') || /Corruption|IO error|Invalid argument/i.test(message)) return message || String(codes.find(Boolean));
  return null;
}

/** Rethrows LevelDB's damage as EngineStoreDamagedError; anything else as it is. */
export function asDamage(dir: string, error: unknown): unknown {
  const reason = damageReason(error);
  return reason === null ? error : new EngineStoreDamagedError(dir, reason);
}

/**
 * A directory that holds LevelDB files but no CURRENT: LevelDB would open it as a new, empty
 * store and silently forget every archived result it held.
 */
export async function missingCurrent(dir: string): Promise<boolean> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return false;
  }
  return !names.includes('CURRENT') && names.some((n) => /\.(ldb|log|sst)$|^MANIFEST-/.test(n));
}

/** Moves the damaged store to `engine.damaged-<UTC time>` beside it, so nothing is lost; returns the new path. */
export async function moveAside(dir: string, now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const target = join(dirname(dir), `${basename(dir)}.damaged-${stamp}`);
  await rename(dir, target);
  return target;
}
