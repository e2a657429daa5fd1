/** @module `mre liverc parse`: a saved LiveRC page to JSON, by page kind; exit 1 with the parser's error code when the page is not of that kind. */
import { readFileSync, statSync } from 'node:fs';
import { isPageKind, PAGE_KINDS, parsePage } from '../../cloud/liverc/parsers/index.ts';
import { LiveRcError } from '../../cloud/liverc/types.ts';
import { parseCommandArgs, UsageError } from '../command.ts';

function readPage(file: string): string {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new UsageError(`cannot read ${file}: no such file`);
  }
  if (!isFile) throw new UsageError(`cannot read ${file}: not a file`);
  return readFileSync(file, 'utf8');
}

export async function runLivercParse(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(argv, { kind: { type: 'string' } }, true);
  const kind = parsed.values.kind;
  if (kind === undefined) throw new UsageError(`--kind is required (one of ${PAGE_KINDS.join(', ')})`);
  if (!isPageKind(kind)) throw new UsageError(`unknown --kind "${kind}" (one of ${PAGE_KINDS.join(', ')})`);
  if (parsed.positionals.length !== 1) throw new UsageError(`expected one FILE, got ${parsed.positionals.length}`);
  const file = parsed.positionals[0]!;
  const html = readPage(file);
  try {
    const page = parsePage(kind, html, { url: file });
    process.stdout.write(JSON.stringify(page, null, 2) + '\n');
    return 0;
  } catch (error) {
    if (error instanceof LiveRcError) throw new Error(`${error.code}: ${error.message}`);
    throw error;
  }
}
