/**
 * @module Applying the first-boot file under a root directory: the appliance's config, the host
 * name, the network's keyfiles and the Wi-Fi country; then the file moves off the boot partition
 * (FAT keeps Wi-Fi passwords and tokens readable to anyone who pulls the card). A bad file is left
 * in place, its problems written for the status page.
 */
import { existsSync } from 'node:fs';
import { chown, mkdir, open, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkConfig, type ConfigProblem } from '../../shared/config/load-config.ts';
import { writeDurably } from '../../shared/fs/write-durably.ts';
import { findBootFile, parseBootFile, type BootFile } from './boot-file.ts';
import { hostsWithName } from './hosts.ts';
import { KEYFILE_PREFIX, keyfiles } from './keyfiles.ts';
import { clearProblems, writeProblems } from './problems.ts';
import { boxHostname, firstbootSchema, type FirstbootConfig } from './schema.ts';

/** The installed layout, relative to the root (docs/appliance.md "First boot"). */
export const PATHS = {
  applianceConfig: 'etc/mre-trackside/appliance.json',
  hostname: 'etc/hostname',
  hosts: 'etc/hosts',
  connections: 'etc/NetworkManager/system-connections',
  wifiCountry: 'etc/modprobe.d/mre-wifi-country.conf',
  dataDir: 'var/lib/mre-appliance',
  applied: 'var/lib/mre-appliance/firstboot',
} as const;

export type FirstbootResult =
  | { outcome: 'nothing' }
  | { outcome: 'applied'; file: string; hostname: string; written: string[]; archived: string }
  | { outcome: 'problems'; file: string; problems: ConfigProblem[] };

export interface FirstbootOptions {
  bootDir: string;
  rootDir: string;
  now?: Date;
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Root runs this on the box: the service user `mre` must read its config, nobody else. */
async function giveToServiceGroup(rootDir: string, path: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const groups = await readFile(join(rootDir, 'etc/group'), 'utf8').catch(() => '');
  const gid = groups.split('\n').find((line) => line.startsWith('mre:'))?.split(':')[2];
  if (gid !== undefined) await chown(path, 0, Number(gid));
}

/** The track the box runs as: the file's, else the installed config's (a file may change only the network), else the default. */
async function installedTrackId(rootDir: string): Promise<string | undefined> {
  try {
    const installed = JSON.parse(await readFile(join(rootDir, PATHS.applianceConfig), 'utf8')) as { track_id?: unknown };
    return typeof installed.track_id === 'string' ? installed.track_id : undefined;
  } catch {
    return undefined;
  }
}

async function writeFiles(rootDir: string, config: FirstbootConfig, applianceSection: unknown): Promise<{ hostname: string; written: string[] }> {
  const at = (rel: string) => join(rootDir, rel);
  const written: string[] = [];
  const put = async (rel: string, text: string, mode: number) => {
    await mkdir(dirname(at(rel)), { recursive: true });
    await writeDurably(at(rel), text, mode);
    written.push(rel);
  };
  const installed = existsSync(at(PATHS.applianceConfig));
  const trackId = applianceSection === undefined ? ((await installedTrackId(rootDir)) ?? config.appliance.track_id) : config.appliance.track_id;
  // The section as written, not the parsed defaults: the appliance fills those at each start, so a later release's defaults apply.
  if (applianceSection !== undefined || !installed) {
    await put(PATHS.applianceConfig, JSON.stringify(applianceSection ?? {}, null, 2) + '\n', 0o640);
    await giveToServiceGroup(rootDir, at(PATHS.applianceConfig));
  }

  const hostname = boxHostname(config, trackId);
  await put(PATHS.hostname, `${hostname}\n`, 0o644);
  const hosts = await readFile(at(PATHS.hosts), 'utf8').catch(() => undefined);
  await put(PATHS.hosts, hostsWithName(hosts, hostname), 0o644);

  const files = keyfiles(config.network);
  await mkdir(at(PATHS.connections), { recursive: true });
  for (const name of await readdir(at(PATHS.connections))) {
    // Connections the box made from an earlier file and this one no longer asks for; others' are left alone.
    if (name.startsWith(KEYFILE_PREFIX) && name.endsWith('.nmconnection') && !files.has(name)) await rm(join(at(PATHS.connections), name));
  }
  for (const [name, text] of files) await put(`${PATHS.connections}/${name}`, text, 0o600);

  const country = config.network.wifi?.country ?? config.network.access_point?.country;
  if (country) await put(PATHS.wifiCountry, `# Wi-Fi regulatory domain from the box's config file\noptions cfg80211 ieee80211_regdom=${country}\n`, 0o644);
  else await rm(at(PATHS.wifiCountry), { force: true });
  return { hostname, written };
}

/** Copy, fsync, then remove from the boot partition: a rename cannot cross from FAT to the root filesystem. */
async function archive(rootDir: string, file: BootFile, now: Date): Promise<string> {
  const dir = join(rootDir, PATHS.applied);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  const target = join(dir, `applied-${stamp}.${file.ext}`);
  await writeDurably(target, file.text, 0o600);
  await unlink(file.path);
  await syncDir(dirname(file.path));
  return target;
}

export async function applyFirstboot(options: FirstbootOptions): Promise<FirstbootResult> {
  const now = options.now ?? new Date();
  const dataDir = join(options.rootDir, PATHS.dataDir);
  const found = await findBootFile(options.bootDir);
  if (found === null) return { outcome: 'nothing' };
  const fail = async (file: string, problems: ConfigProblem[]): Promise<FirstbootResult> => {
    await mkdir(dataDir, { recursive: true });
    await writeProblems(dataDir, file, problems, now);
    return { outcome: 'problems', file, problems };
  };
  if ('problem' in found) return fail(found.path, [found.problem]);

  const parsed = parseBootFile(found);
  if (!parsed.ok) return fail(found.path, [parsed.problem]);
  const checked = checkConfig(firstbootSchema, parsed.raw);
  if (!checked.ok) return fail(found.path, checked.problems);

  const { hostname, written } = await writeFiles(options.rootDir, checked.data, parsed.raw.appliance);
  const archived = await archive(options.rootDir, found, now);
  await clearProblems(dataDir);
  return { outcome: 'applied', file: found.path, hostname, written, archived };
}
