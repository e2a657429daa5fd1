/** @module The `mre` entry point: picks the subcommand, prints help, turns failures into a one-line reason and an exit code. */
import { configureLoggingFromEnv } from '../shared/log/index.ts';
import { UsageError, type Command } from './command.ts';
import { applianceReplayCommand, applianceStartCommand } from './commands/appliance.ts';
import { CLOUD_COMMANDS } from './commands/cloud.ts';
import { decodeCommand } from './commands/decode.ts';
import { livercParseCommand } from './commands/liverc.ts';
import { simulateCommand } from './commands/simulate.ts';

const COMMANDS: readonly Command[] = [applianceStartCommand, applianceReplayCommand, ...CLOUD_COMMANDS, decodeCommand, livercParseCommand, simulateCommand];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'mre — MRE Trackside race timing',
    '',
    'Usage: mre <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `mre <command> --help` for a command\'s options.',
  ].join('\n');
}

function find(argv: string[]): { command: Command; rest: string[] } | undefined {
  // Longest match first, so `tracks sync` wins over a plain `tracks`.
  const sorted = [...COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  configureLoggingFromEnv();
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    const target = argv[0] === 'help' ? find(argv.slice(1)) : undefined;
    process.stdout.write((target ? target.command.help : overview()) + '\n');
    return 0;
  }
  const found = find(argv);
  if (!found) {
    process.stderr.write(`mre: unknown command "${argv.join(' ')}" (run \`mre --help\` for the list)\n`);
    return 2;
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    process.stdout.write(found.command.help + '\n');
    return 0;
  }
  try {
    return await found.command.run(found.rest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`mre ${found.command.name}: ${message.split('\n')[0]}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
