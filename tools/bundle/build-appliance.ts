/**
 * @module `npm run bundle:appliance [-- --arch arm64|x64] [--out DIR]`: builds
 * `mre-appliance-<version>-linux-<arch>.tar.gz`, the appliance as it is installed on a box
 * (docs/appliance.md, "Bundle"): the CLI as JavaScript, the built web apps, the run-time
 * node_modules for the target, the box's docs and units, and manifest.json.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { bundleCli } from './bundle-cli.ts';
import { makeManifest, MANIFEST_FILE } from './manifest.ts';
import { copyPackages, tracePackages, type TargetArch } from './runtime-modules.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Docs and units of the box, at the same paths in the bundle as in the repository. */
const BOX_FILES = ['docs/appliance.md', 'docs/field-guide.md', 'systemd/mre-appliance.service', 'systemd/mre-firstboot.service', 'systemd/mre-firstboot.path', 'systemd/journald.conf.d/mre.conf'];

export interface BuildOptions {
  arch: TargetArch;
  /** Folder the tarball is written to. */
  outDir: string;
  root?: string;
}

export interface BuiltBundle {
  tarball: string;
  version: string;
  /** The folder every path in the tarball starts with. */
  folder: string;
}

function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
}

export async function buildApplianceBundle(options: BuildOptions): Promise<BuiltBundle> {
  const root = options.root ?? ROOT;
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; engines?: { node?: string } };
  const commit = git(root, 'rev-parse', 'HEAD');
  const version = `${pkg.version}+${commit.slice(0, 7)}`;
  const folder = `mre-appliance-${version}`;
  const staging = join(options.outDir, `.staging-${process.pid}`);
  const dir = join(staging, folder);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const webDist = join(root, 'web', 'dist');
    if (!existsSync(join(webDist, 'scoreboard', 'index.html'))) execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    cpSync(webDist, join(dir, 'web', 'dist'), { recursive: true });
    // The box's own pages and units travel with each release: the units' Documentation= lines
    // point into /opt/mre/current/docs, and a box keeps its field guide with no network.
    for (const file of BOX_FILES) cpSync(join(root, file), join(dir, file));

    const { externals } = await bundleCli(root, dir);
    copyPackages(root, dir, await tracePackages(root, externals), options.arch);

    const manifest = makeManifest(dir, { version, commit, arch: options.arch, node: pkg.engines?.node ?? '>=20.19', built_at: new Date().toISOString() });
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');

    // Sorted names and root ownership: the same tree makes the same archive on any build machine.
    const tar = execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=@${git(root, 'log', '-1', '--format=%ct')}`, '-cf', '-', '-C', staging, folder], { maxBuffer: 1 << 30 });
    const tarball = join(options.outDir, `${folder}-linux-${options.arch}.tar.gz`);
    writeFileSync(tarball, gzipSync(tar, { level: 9 }));
    return { tarball, version, folder };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { arch: { type: 'string', default: 'arm64' }, out: { type: 'string', default: join(ROOT, 'dist', 'bundle') } } });
  if (values.arch !== 'arm64' && values.arch !== 'x64') {
    console.error(`bundle:appliance: --arch must be arm64 or x64, got ${values.arch}`);
    process.exit(2);
  }
  mkdirSync(values.out, { recursive: true });
  const built = await buildApplianceBundle({ arch: values.arch, outDir: resolve(values.out) });
  console.log(built.tarball);
}
