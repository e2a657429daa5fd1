/**
 * @module A password read for a command: from a terminal with a prompt and no echo (asked twice),
 * otherwise the first line of standard input (`printf '%s\n' "$PW" | mre cloud user add …`). Never
 * from the command line, where `ps` and shell history would show it.
 */
import { UsageError } from './command.ts';

async function firstLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chars: string) => {
      for (const ch of chars) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The new password, checked by `problem` (too short, too long) before anything is stored. */
export async function readNewPassword(forWhom: string, problem: (password: string) => string | null): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await promptHidden(`password for ${forWhom}: `);
    if ((await promptHidden('the same password again: ')) !== password) throw new UsageError('the two passwords differ; nothing was changed');
  } else {
    password = await firstLine();
  }
  if (password === '') throw new UsageError('no password given: type it at the prompt, or send it as the first line of standard input');
  const wrong = problem(password);
  if (wrong) throw new UsageError(`${wrong}; nothing was changed`);
  return password;
}
