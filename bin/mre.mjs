#!/usr/bin/env node
/**
 * @module The `mre` command: runs the TypeScript CLI directly, so a checkout needs no build step.
 * bin/ts-hooks.mjs compiles each source once and caches it; tsx would load esbuild in two
 * threads on every start, which was most of `mre --help`'s time (docs/cli.md).
 */
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./ts-hooks.mjs', import.meta.url);
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
