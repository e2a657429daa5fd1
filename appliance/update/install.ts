/**
 * @module `mre update`: a bundle installed beside the running release, `current` switched over
 * atomically, the service restarted, and `current` switched back (and restarted again) when the
 * new release does not answer ready in time. The data directory is never touched: it lives
 * outside /opt/mre. `--rollback` goes back to the previous release the same way.
 */
import { existsSync, mkdirSync, renameSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { releaseLayout, type ReleaseLayout } from './layout.ts';
import { linkedVersion, pointAt } from './links.ts';
import { takeUpdateLock } from './lock.ts';
import { pruneReleases } from './prune.ts';
import { restartService, waitReady } from './restart.ts';
import { hostTarget, unpackBundle, type Target } from './unpack.ts';
import { UpdateError } from './update-error.ts';

export interface UpdateOptions {
  root: string;
  restartCmd: string;
  readyUrl: string;
  readyTimeoutMs: number;
  /** Releases kept on disk, the current and previous ones included. */
  keep: number;
  target?: Target;
  say: (line: string) => void;
}

export type UpdateOutcome =
  | { kind: 'switched'; from: string | null; to: string; removed: string[] }
  | { kind: 'unchanged'; version: string }
  | { kind: 'rolled-back'; from: string; to: string; reason: string };

interface Switch {
  from: string | null;
  to: string;
  /** What `previous` pointed at before, restored when the switch is undone. */
  previousBefore: string | null;
}

async function restartAndWait(options: UpdateOptions, version: string | null): Promise<string | null> {
  const failed = await restartService(options.restartCmd);
  if (failed !== null) return failed;
  const readiness = await waitReady(options.readyUrl, version, options.readyTimeoutMs);
  return readiness.ready ? null : `not ready within ${options.readyTimeoutMs / 1000} s: ${readiness.last}`;
}

/** Switches, restarts, and undoes the switch when the release does not come up; throws when neither does. */
async function switchOver(layout: ReleaseLayout, change: Switch, options: UpdateOptions): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (change.from !== null) pointAt(layout.previous, change.from);
  pointAt(layout.current, change.to);
  options.say(`switched ${layout.current} to ${change.to}${change.from ? ` (was ${change.from})` : ''}; restarting the appliance`);
  const problem = await restartAndWait(options, change.to);
  if (problem === null) {
    options.say(`${change.to} is running and ready`);
    return { ok: true };
  }
  options.say(`${change.to} did not start: ${problem}`);
  if (change.from === null) throw new UpdateError(`${change.to} did not start (${problem}) and there is no earlier release to go back to; see journalctl -u mre-appliance -n 50`);
  pointAt(layout.current, change.from);
  pointAt(layout.previous, change.previousBefore);
  options.say(`switched ${layout.current} back to ${change.from}; restarting the appliance`);
  // The release that ran before may predate /healthz naming its version.
  const back = await restartAndWait(options, null);
  if (back !== null) throw new UpdateError(`${change.to} did not start (${problem}); back on ${change.from}, which did not start either (${back}); see journalctl -u mre-appliance -n 50`);
  options.say(`${change.from} is running and ready again`);
  return { ok: false, reason: problem };
}

export async function installUpdate(tarball: string, options: UpdateOptions): Promise<UpdateOutcome> {
  const layout = releaseLayout(options.root);
  mkdirSync(layout.releases, { recursive: true });
  const unlock = takeUpdateLock(layout.lock);
  try {
    const from = linkedVersion(layout.current);
    const previousBefore = linkedVersion(layout.previous);
    const unpacked = await unpackBundle(tarball, layout.releases, options.target ?? hostTarget());
    const to = unpacked.manifest.version;
    options.say(`checked ${tarball}: version ${to} (commit ${unpacked.manifest.commit.slice(0, 12)}), ${Object.keys(unpacked.manifest.files).length} files match their sha256`);
    if (to === from) {
      rmSync(unpacked.dir, { recursive: true, force: true });
      options.say(`${to} is already the running release; nothing to do`);
      return { kind: 'unchanged', version: to };
    }
    const dir = join(layout.releases, to);
    // A copy left from an earlier install of this version is replaced by the one just checked.
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    renameSync(unpacked.dir, dir);
    const now = new Date();
    utimesSync(dir, now, now);
    const result = await switchOver(layout, { from, to, previousBefore }, options);
    if (!result.ok) {
      rmSync(dir, { recursive: true, force: true });
      if (linkedVersion(layout.previous) === to) pointAt(layout.previous, null);
      return { kind: 'rolled-back', from: to, to: from!, reason: result.reason };
    }
    const removed = pruneReleases(layout.releases, options.keep, [to, from]);
    if (removed.length > 0) options.say(`removed old releases: ${removed.join(', ')}`);
    return { kind: 'switched', from, to, removed };
  } finally {
    unlock();
  }
}

export async function rollBack(options: UpdateOptions): Promise<UpdateOutcome> {
  const layout = releaseLayout(options.root);
  const unlock = takeUpdateLock(layout.lock);
  try {
    const from = linkedVersion(layout.current);
    const to = linkedVersion(layout.previous);
    if (from === null) throw new UpdateError(`no release is installed: ${layout.current} does not exist`);
    if (to === null || to === from || !existsSync(join(layout.releases, to))) throw new UpdateError(`there is no earlier release to go back to (${layout.previous} ${to === null ? 'does not exist' : `points at ${to}, which is ${to === from ? 'the current one' : 'gone'}`})`);
    const result = await switchOver(layout, { from, to, previousBefore: to }, options);
    if (!result.ok) return { kind: 'rolled-back', from: to, to: from, reason: result.reason };
    return { kind: 'switched', from, to, removed: [] };
  } finally {
    unlock();
  }
}
