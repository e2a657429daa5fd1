/**
 * @module A bundle tarball unpacked beside the running release and checked before anything
 * switches: one top folder `mre-appliance-<version>`, plain files and folders only, no path that
 * leaves it, a size that fits the disk, and a manifest for this machine's architecture and Node
 * whose sha256 matches every file, with no file it does not list.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { releaseFiles } from '../../shared/release/files.ts';
import { MANIFEST_FILE, RELEASE_NAME, sha256File, type BundleManifest, type TargetArch } from '../../shared/release/manifest.ts';
import { PARTIAL_SUFFIX } from './layout.ts';
import { UpdateError } from './update-error.ts';

const run = promisify(execFile);

/** Far above a real bundle (a few MB unpacked); a tarball that claims more is refused before it fills the card. */
export const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
export const MAX_ENTRIES = 50_000;
/** Left free after unpacking, for the log and the journal. */
const SPARE_BYTES = 64 * 1024 * 1024;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/;

export interface Unpacked {
  /** The checked release, still under its .partial name. */
  dir: string;
  manifest: BundleManifest;
}

export interface Target {
  arch: TargetArch;
  /** The Node that will run the release, as `20.19.1`. */
  node: string;
}

export function hostTarget(): Target {
  if (process.arch !== 'arm64' && process.arch !== 'x64') throw new UpdateError(`this machine's architecture (${process.arch}) has no appliance bundle`);
  return { arch: process.arch, node: process.versions.node };
}

/** A verbose listing row: mode, owner, size, date, time, name (a link's "-> target" or "link to" follows the name). */
const LISTING_ROW = /^(\S)\S*\s+\S+\s+(\d+)\s+\S+\s+\S+\s(.*)$/;

async function listing(tarball: string): Promise<{ names: string[]; types: string[]; bytes: number }> {
  let stdout: string;
  try {
    ({ stdout } = await run('tar', ['-tzvf', tarball, '--quoting-style=escape'], { maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n')[0];
    throw new UpdateError(`${tarball} is not a readable .tar.gz bundle: ${stderr}`);
  }
  const names: string[] = [];
  const types: string[] = [];
  let bytes = 0;
  for (const row of stdout.split('\n')) {
    const match = LISTING_ROW.exec(row);
    if (!match) continue;
    types.push(match[1]!);
    bytes += Number(match[2]);
    const name = match[1] === 'l' ? match[3]!.replace(/ -> .*$/, '') : match[1] === 'h' ? match[3]!.replace(/ link to .*$/, '') : match[3]!;
    names.push(match[1] === 'd' ? name.replace(/\/?$/, '/') : name);
  }
  return { names, types, bytes };
}

function versionOf(tarball: string, names: string[], types: string[]): string {
  if (names.length === 0) throw new UpdateError(`${tarball} is empty`);
  if (names.length > MAX_ENTRIES) throw new UpdateError(`${tarball} holds ${names.length} entries, more than a bundle's ${MAX_ENTRIES}`);
  const top = names[0]!.split('/')[0]!;
  const match = new RegExp(`^${RELEASE_NAME}-(.+)$`).exec(top);
  if (!match || !VERSION.test(match[1]!)) throw new UpdateError(`${tarball} is not an appliance bundle: its top folder is "${top}", not ${RELEASE_NAME}-<version>`);
  names.forEach((name, i) => {
    const parts = name.split('/');
    if (name.startsWith('/') || parts.includes('..') || parts[0] !== top) throw new UpdateError(`${tarball}: "${name}" lies outside the bundle's folder ${top}/`);
    if (types[i] !== '-' && types[i] !== 'd') throw new UpdateError(`${tarball}: "${name}" is a link or a special file; a bundle holds only files and folders`);
  });
  return match[1]!;
}

function checkRoom(tarball: string, releases: string, bytes: number): void {
  if (bytes > MAX_UNPACKED_BYTES) throw new UpdateError(`${tarball} unpacks to ${mb(bytes)}, more than a bundle's ${mb(MAX_UNPACKED_BYTES)}`);
  const fs = statfsSync(releases);
  const free = fs.bavail * fs.bsize;
  if (free < bytes + SPARE_BYTES) throw new UpdateError(`not enough free space in ${releases}: the bundle needs ${mb(bytes)} and ${mb(SPARE_BYTES)} must stay free, ${mb(free)} is free`);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `>=X.Y[.Z]`: the only form the bundle build writes. */
export function nodeSatisfies(range: string, version: string): boolean | null {
  const want = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!want) return null;
  const have = version.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10));
  for (let i = 0; i < 3; i++) {
    const w = Number(want[i + 1] ?? 0);
    const h = have[i] ?? 0;
    if (h !== w) return h > w;
  }
  return true;
}

function checkManifest(dir: string, version: string, target: Target): BundleManifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new UpdateError(`the bundle has no ${MANIFEST_FILE}`);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as BundleManifest;
  } catch (error) {
    throw new UpdateError(`the bundle's ${MANIFEST_FILE} is not JSON: ${(error as Error).message}`);
  }
  if (manifest?.name !== RELEASE_NAME) throw new UpdateError(`the bundle's ${MANIFEST_FILE} names "${String(manifest?.name)}", not ${RELEASE_NAME}`);
  if (manifest.version !== version) throw new UpdateError(`the bundle's ${MANIFEST_FILE} says version ${manifest.version}, its folder ${version}`);
  if (manifest.arch !== target.arch) throw new UpdateError(`the bundle is built for linux-${manifest.arch}; this box is linux-${target.arch}`);
  const fits = nodeSatisfies(String(manifest.node), target.node);
  if (fits === null) throw new UpdateError(`the bundle's ${MANIFEST_FILE} asks for node "${manifest.node}", a range this updater does not read`);
  if (!fits) throw new UpdateError(`the bundle needs node ${manifest.node}; this box has ${target.node}`);
  if (typeof manifest.files !== 'object' || manifest.files === null) throw new UpdateError(`the bundle's ${MANIFEST_FILE} lists no files`);
  const present = new Set(releaseFiles(dir, (name) => new UpdateError(`${name} in the bundle is a link or a special file`)).filter((file) => file !== MANIFEST_FILE));
  for (const [file, sha] of Object.entries(manifest.files)) {
    if (!present.has(file)) throw new UpdateError(`the bundle lacks ${file}, which its ${MANIFEST_FILE} lists`);
    if (sha256File(join(dir, file)) !== sha) throw new UpdateError(`${file} in the bundle does not match its sha256 in ${MANIFEST_FILE}: the file is damaged`);
    present.delete(file);
  }
  const extra = [...present];
  if (extra.length > 0) throw new UpdateError(`the bundle holds ${extra[0]}${extra.length > 1 ? ` and ${extra.length - 1} more files` : ''} that its ${MANIFEST_FILE} does not list`);
  return manifest;
}

/** Unpacks into `<releases>/<version>.partial`; on any problem removes it and throws naming the problem. */
export async function unpackBundle(tarball: string, releases: string, target: Target): Promise<Unpacked> {
  if (!existsSync(tarball) || !statSync(tarball).isFile()) throw new UpdateError(`${tarball}: no such bundle file`);
  const { names, types, bytes } = await listing(tarball);
  const version = versionOf(tarball, names, types);
  mkdirSync(releases, { recursive: true });
  checkRoom(tarball, releases, bytes);
  const dir = join(releases, `${version}${PARTIAL_SUFFIX}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  try {
    await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1', '--no-same-owner'], { maxBuffer: 16 * 1024 * 1024 });
    return { dir, manifest: checkManifest(dir, version, target) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    if (error instanceof UpdateError) throw error;
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n')[0];
    throw new UpdateError(`unpacking ${tarball} failed: ${stderr}`);
  }
}
