/** @module The CLI as plain JavaScript: esbuild bundles cli/main.ts into `lib/` of a bundle, leaving only native packages external. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** Packages whose code finds a compiled `.node` file next to itself at run time (node-gyp-build), so they cannot be inlined. */
export const NATIVE_PACKAGES = ['classic-level', '@serialport/bindings-cpp'] as const;

/** Where the bundled code lives inside a bundle; every chunk sits directly in it. */
export const LIB_DIR = 'lib';

/** Folders (and the manifest) a bundle ships beside its code, so `new URL(…, import.meta.url)` may point into them. */
const SHIPPED_DIRS = ['web/dist', 'manifest.json'];
/** Files only a checkout has, which code reads when a release's own file is missing: their relocated path is absent in a release, on purpose. */
const CHECKOUT_ONLY = ['package.json'];

const URL_PATTERN = /new URL\((['"])(\.{1,2}\/[^'"]*)\1,\s*import\.meta\.url\)/g;

/**
 * The sources find web/dist with `new URL('../../web/dist', import.meta.url)`, relative to their own
 * folder; in the bundle every chunk sits in lib/, so each such path is rewritten relative to lib/.
 * Any other use of import.meta.url would silently point elsewhere, so it stops the build.
 */
function importMetaUrlPlugin(root: string): Plugin {
  return {
    name: 'mre-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const rewritten = source.replace(URL_PATTERN, (_all, quote: string, rel: string) => {
          const target = relative(root, resolve(dirname(args.path), rel)).split(sep).join('/');
          if (!CHECKOUT_ONLY.includes(target) && !SHIPPED_DIRS.some((dir) => target === dir || target.startsWith(`${dir}/`))) {
            throw new Error(`${relative(root, args.path)} points at ${target}, which the appliance bundle does not ship`);
          }
          const fromLib = relative(join(root, LIB_DIR), join(root, target)).split(sep).join('/');
          return `new URL(${quote}${fromLib}${rel.endsWith('/') ? '/' : ''}${quote}, import.meta.url)`;
        });
        if (rewritten.replace(URL_PATTERN, '').includes('import.meta.url')) {
          throw new Error(`${relative(root, args.path)} uses import.meta.url in a way the appliance bundle cannot relocate`);
        }
        return { contents: rewritten, loader: 'ts' };
      });
    },
  };
}

export interface CliBundle {
  /** Files of node_modules the bundled code imports from outside itself, by package name. */
  externals: string[];
}

/** Bundles the CLI into `<out>/lib/` and writes `<out>/bin/mre.mjs`, the plain-node launcher. */
export async function bundleCli(root: string, out: string): Promise<CliBundle> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { mre: join(root, 'tools/bundle/entry.ts') },
    outdir: join(out, LIB_DIR),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true, // each command's code still loads only when that command runs (docs/cli.md)
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    external: [...NATIVE_PACKAGES],
    // Inlined CommonJS packages call require() for Node built-ins; an ES module has none of its own.
    banner: { js: "import { createRequire as __mreCreateRequire } from 'node:module';\nconst require = __mreCreateRequire(import.meta.url);" },
    plugins: [importMetaUrlPlugin(root)],
  });
  const externals = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) if (imported.external && !isBuiltin(imported.path)) externals.add(imported.path);
  }
  mkdirSync(join(out, 'bin'), { recursive: true });
  const launcher = ['#!/usr/bin/env node', '// MRE Trackside: the bundled CLI (lib/) with source maps for stack traces.', 'process.setSourceMapsEnabled(true);', `await import('../${LIB_DIR}/mre.mjs');`, ''].join('\n');
  writeFileSync(join(out, 'bin', 'mre.mjs'), launcher, { mode: 0o755 });
  return { externals: [...externals].sort() };
}
