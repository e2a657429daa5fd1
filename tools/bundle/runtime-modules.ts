/** @module The bundle's node_modules: the packages the bundled code still loads at run time, found by tracing them, with native prebuilds for one target only. */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { build } from 'esbuild';
import { NATIVE_PACKAGES } from './bundle-cli.ts';

import type { TargetArch } from '../../shared/release/manifest.ts';

export type { TargetArch };

/** Build inputs and type declarations that nothing loads at run time. */
const SKIPPED_EXTENSIONS = new Set(['.c', '.cc', '.cpp', '.h', '.hpp', '.gyp', '.gypi', '.md', '.ts', '.mts', '.cts', '.map']);
/** In a native package: the C++ dependencies' sources, and any local compile for the build machine, which node-gyp-build would prefer to the target's prebuild. */
const SKIPPED_NATIVE_DIRS = new Set(['deps', 'src', 'build']);

/** `node_modules/a/node_modules/@s/b/x.js` → `node_modules/a/node_modules/@s/b`. */
function packageDirOf(input: string): string | undefined {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const width = parts[at + 1]?.startsWith('@') ? 3 : 2;
  return parts.slice(0, at + width).join('/');
}

/**
 * Every package directory (relative to root) the external packages load, following their
 * requires as Node would. esbuild's trace sees each static require; node-gyp-build's dynamic one
 * of the `.node` file is why prebuilds are copied separately.
 */
export async function tracePackages(root: string, externals: string[]): Promise<string[]> {
  const present = externals.filter((name) => existsSync(join(root, 'node_modules', name, 'package.json')));
  for (const name of NATIVE_PACKAGES) if (!present.includes(name)) throw new Error(`${name} is not installed: run npm ci first`);
  const result = await build({
    absWorkingDir: root,
    stdin: { contents: present.map((name) => `require(${JSON.stringify(name)});`).join('\n'), resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const dirs = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const dir = packageDirOf(input);
    if (dir) dirs.add(dir);
  }
  return [...dirs].sort();
}

function copyTree(from: string, to: string, native: boolean, arch: TargetArch, atPackageRoot: boolean): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue; // nested packages are copied only when traced
      if (native && atPackageRoot && SKIPPED_NATIVE_DIRS.has(entry.name)) continue;
      if (native && atPackageRoot && entry.name === 'prebuilds') {
        copyTree(join(source, `linux-${arch}`), join(to, 'prebuilds', `linux-${arch}`), false, arch, false);
        continue;
      }
      copyTree(source, join(to, entry.name), native, arch, false);
    } else if (entry.isFile() && !SKIPPED_EXTENSIONS.has(extname(entry.name))) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, join(to, entry.name));
    }
  }
}

/**
 * Copies each traced package into `<out>/<its path>`, keeping of a native package's prebuilds only
 * `linux-<arch>`. Every platform's prebuilds ship inside the packages' own npm tarballs, so the
 * checkout's node_modules already holds the arm64 ones on an x64 machine.
 */
export function copyPackages(root: string, out: string, packageDirs: string[], arch: TargetArch): void {
  for (const dir of packageDirs) {
    const native = existsSync(join(root, dir, 'prebuilds'));
    copyTree(join(root, dir), join(out, dir), native, arch, true);
    if (native) {
      const prebuilt = join(out, dir, 'prebuilds', `linux-${arch}`);
      const binaries = existsSync(prebuilt) ? readdirSync(prebuilt).filter((f) => f.endsWith('.node')) : [];
      if (binaries.length === 0) throw new Error(`${dir} has no prebuilt binary for linux-${arch}`);
    }
  }
}
