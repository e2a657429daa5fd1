/** @module The bundled `mre` entry: what bin/mre.mjs runs in a bundle, with no TypeScript compile at start. */
import { main } from '../../cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
