/** @module The `mre` entry point: picks the subcommand (or lists a command group), prints help, turns failures into a one-line reason and an exit code. */
import { configureLoggingFromEnv } from '../shared/log/index.ts';
import { UsageError, type Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';

const isHelp = (word: string | undefined) => word === '--help' || word === '-h';

function commandList(commands: readonly Command[]): string[] {
  const width = Math.max(...commands.map((c) => c.name.length));
  return commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
}

function overview(): string {
  return ['mre — MRE Trackside race timing', '', 'Usage: mre <command> [options]', '', 'Commands:', ...commandList(COMMANDS), '', "Run `mre <command> --help` for a command's options."].join('\n');
}

/** `appliance`, `ingest`, `ingest liverc`: the words some command names start with, without being a command. */
function groupListing(group: string): string {
  const members = COMMANDS.filter((c) => c.name.startsWith(`${group} `));
  return [`Usage: mre ${group} <command> [options]`, '', 'Commands:', ...commandList(members), '', `Run \`mre ${group} <command> --help\` for a command's options.`].join('\n');
}

/** Longest match first, so `tracks sync` wins over a plain `tracks`. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const sorted = [...COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

function findGroup(argv: string[]): { group: string; rest: string[] } | undefined {
  for (let n = argv.length; n > 0; n--) {
    const group = argv.slice(0, n).join(' ');
    if (COMMANDS.some((c) => c.name.startsWith(`${group} `))) return { group, rest: argv.slice(n) };
  }
  return undefined;
}

const out = (text: string) => {
  // `mre --help | head` closes the pipe early; that is the reader's choice, not a crash.
  process.stdout.once('error', () => undefined);
  process.stdout.write(`${text}\n`);
};
const err = (text: string) => process.stderr.write(`${text}\n`);

/** `mre help …`: the overview, a command's help or a group's list. */
async function help(words: string[]): Promise<number> {
  if (words.length === 0) return (out(overview()), 0);
  const found = findCommand(words);
  if (found && found.rest.length === 0) return (out(await found.command.help()), 0);
  const group = findGroup(words);
  if (group && group.rest.length === 0) return (out(groupListing(group.group)), 0);
  err(`mre: no command "${words.join(' ')}" (run \`mre --help\` for the list)`);
  return 2;
}

export async function main(argv: string[]): Promise<number> {
  configureLoggingFromEnv();
  if (argv.length === 0 || isHelp(argv[0])) return (out(overview()), 0);
  if (argv[0] === 'help') return help(argv.slice(1));
  const found = findCommand(argv);
  if (!found) {
    const group = findGroup(argv);
    if (group && group.rest.length > 0 && group.rest.every(isHelp)) return (out(groupListing(group.group)), 0);
    // A group alone (`mre appliance`) is wrong usage, but says what it holds rather than just "unknown".
    if (group && group.rest.length === 0) err(`mre ${group.group}: needs a command\n\n${groupListing(group.group)}`);
    else if (group) err(`mre: unknown command "${argv.join(' ')}"\n\n${groupListing(group.group)}`);
    else err(`mre: unknown command "${argv.join(' ')}" (run \`mre --help\` for the list)`);
    return 2;
  }
  if (found.rest.some(isHelp)) return (out(await found.command.help()), 0);
  try {
    return await found.command.run(found.rest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`mre ${found.command.name}: ${message.split('\n')[0]}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
