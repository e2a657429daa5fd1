/**
 * @module Checks the unit files in systemd/ the way systemd reads them: `systemd-analyze verify` on
 * copies in a temp dir (so nothing on this machine is touched), every Exec program path, each path
 * unit's target, and the journald drop-in. Box binaries this machine keeps elsewhere are mapped to
 * the real ones, so a typo in a path still fails.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const UNIT = /\.(service|path|socket|timer|target)$/;

/** Where the box has a binary that a CI machine may keep at another path. */
function boxBinaries(): Map<string, string> {
  const nats = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find((p) => existsSync(p));
  return new Map([['/usr/bin/node', process.execPath], ...(nats ? [['/usr/sbin/nats-server', nats] as [string, string]] : [])]);
}

/** `ExecStart=-/usr/bin/x a b` → `/usr/bin/x`, for every Exec line of a unit or drop-in (an empty one resets). */
function execPrograms(text: string): string[] {
  return [...text.matchAll(/^Exec\w+=[ \t]*[-@:+!]*(\S+)/gm)].map((m) => m[1]!);
}

/** A copy of `sourceDir`'s units and drop-ins in a temp dir, box binaries (and `installed`: box path → file here) mapped; a drop-in gets a stub unit to attach to. */
export function stageUnits(sourceDir: string, installed: ReadonlyMap<string, string> = new Map()): { dir: string; units: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'mre-units-'));
  cpSync(sourceDir, dir, { recursive: true, verbatimSymlinks: true });
  const map = new Map([...boxBinaries(), ...installed]);
  const units = readdirSync(dir).filter((f) => UNIT.test(f));
  const rewrite = (path: string) => {
    let text = readFileSync(path, 'utf8');
    for (const [from, to] of map) text = text.replace(new RegExp(`^(Exec\\w+=[ \\t]*[-@:+!]*)${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\s|$)`, 'gm'), `$1${to}`);
    writeFileSync(path, text);
  };
  for (const unit of units) rewrite(join(dir, unit));
  for (const entry of readdirSync(dir).filter((f) => f.endsWith('.d') && UNIT.test(f.slice(0, -2)))) {
    for (const conf of readdirSync(join(dir, entry))) rewrite(join(dir, entry, conf));
    const unit = entry.slice(0, -2);
    // Another package's unit (nats-server's): a stub for the drop-in to extend.
    if (!units.includes(unit)) {
      writeFileSync(join(dir, unit), '[Unit]\nDescription=stub for a drop-in\n[Service]\nExecStart=/bin/true\n');
      units.push(unit);
    }
  }
  return { dir, units };
}

/** Every problem found in the staged units: systemd's own words, or which Exec program or Unit= is missing. */
export async function checkUnits(dir: string, units: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const unit of units) {
    // A template is checked as an instance, as systemd would start it.
    const name = unit.includes('@.') ? unit.replace('@.', '@check.') : unit;
    if (name !== unit) cpSync(join(dir, unit), join(dir, name));
    try {
      const { stderr } = await run('systemd-analyze', ['verify', join(dir, name)]);
      // Unknown keys and bad values are only warnings to systemd, which then ignores the line.
      if (stderr.trim()) problems.push(`${unit}: ${stderr.trim()}`);
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      problems.push(`${unit}: ${(e.stderr ?? '').trim() || e.message}`);
    }
    const texts = [readFileSync(join(dir, unit), 'utf8')];
    if (existsSync(join(dir, `${unit}.d`))) for (const conf of readdirSync(join(dir, `${unit}.d`))) texts.push(readFileSync(join(dir, `${unit}.d`, conf), 'utf8'));
    // verify checks ExecStart's program only; ExecStartPost and the rest are checked here.
    for (const program of texts.flatMap(execPrograms)) {
      try {
        accessSync(program, constants.X_OK);
      } catch {
        problems.push(`${unit}: ${program} is not an executable on this machine`);
      }
    }
    for (const target of [...texts[0]!.matchAll(/^Unit=(\S+)/gm)].map((m) => m[1]!)) {
      if (!existsSync(join(dir, target))) problems.push(`${unit}: Unit=${target} is not among the unit files`);
    }
  }
  return problems;
}

const JOURNALD_KEYS: Record<string, RegExp> = {
  Storage: /^(volatile|persistent|auto|none)$/,
  SystemMaxUse: /^\d+[KMG]$/,
  SystemKeepFree: /^\d+[KMG]$/,
  SystemMaxFileSize: /^\d+[KMG]$/,
  RuntimeMaxUse: /^\d+[KMG]$/,
  RuntimeMaxFileSize: /^\d+[KMG]$/,
  MaxRetentionSec: /^\d+(s|min|h|day|week|month|year)$/,
  SyncIntervalSec: /^\d+(s|m|min|h)$/,
  Compress: /^(yes|no)$/,
};

/** journald has no verify: keys are checked against journald.conf(5)'s, in a [Journal] section. */
export function checkJournald(path: string): string[] {
  const problems: string[] = [];
  let section = '';
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      if (section !== 'Journal') problems.push(`${basename(path)}: unknown section [${section}]`);
      continue;
    }
    const [key, value] = line.split('=', 2).map((s) => s.trim());
    const form = JOURNALD_KEYS[key!];
    if (!form) problems.push(`${basename(path)}: unknown key ${key}`);
    else if (!form.test(value ?? '')) problems.push(`${basename(path)}: ${key}=${value} is not a valid value`);
  }
  return problems;
}
