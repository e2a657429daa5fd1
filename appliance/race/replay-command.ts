/** @module What `mre appliance replay` prints and exits with, and what a start refused by a damaged engine store says: the exact command that rebuilds it. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { DerivedEvent } from '../../shared/race/index.ts';
import { createLogger } from '../../shared/log/index.ts';
import { verifyReplay, type ReplayReport } from './replay.ts';
import { EngineStoreDamagedError } from './store-damage.ts';

const log = createLogger('appliance:race');

const quote = (s: string) => (/^[\w./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** `mre appliance replay --repair` as this box's operator must type it: the same config file, the same data dir override. */
export function repairCommand(configFile: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.MRE_DATA_DIR ? `MRE_DATA_DIR=${quote(env.MRE_DATA_DIR)} ` : '';
  return `${prefix}npx mre appliance replay${configFile ? ` --config ${quote(configFile)}` : ''} --repair`;
}

/** A damaged store as one line that names the path, the cause and the command; anything else unchanged. */
export function explainDamage(error: unknown, configFile: string | undefined, env: NodeJS.ProcessEnv = process.env): unknown {
  if (!(error instanceof EngineStoreDamagedError)) return error;
  const command = repairCommand(configFile, env);
  log.error('engine store damaged, not started', { dir: error.dir, reason: error.reason, run: command });
  return new Error(
    `the engine store ${error.dir} is damaged (${error.reason}). It holds only what the log derives again: with the appliance stopped, run \`${command}\` to rebuild it from the log (the damaged copy is kept as ${basename(error.dir)}.damaged-<time>), then start again.`,
  );
}

/** `--events FILE`: one JSON line per derived event, written in chunks so a season's file never sits in memory. */
class EventLines {
  private readonly fd: number;
  private pending: string[] = [];
  private size = 0;

  constructor(file: string) {
    try {
      this.fd = openSync(file, 'w');
    } catch (error) {
      throw new Error(`--events: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }

  write(events: readonly DerivedEvent[]): void {
    for (const event of events) {
      const line = `${JSON.stringify(event)}\n`;
      this.pending.push(line);
      this.size += line.length;
    }
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pending.length > 0) writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.size = 0;
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

function printReport(report: ReplayReport, out: NodeJS.WritableStream): void {
  if (report.damaged) out.write(`engine store was damaged (${report.damaged.reason}); moved to ${report.damaged.damaged_copy}\n`);
  out.write(`replayed ${report.envelopes} envelopes in ${report.ms} ms (${report.envelopes_per_s}/s): ${report.derived} derived events, ${report.stored} stored\n`);
  const difference = report.first_difference;
  if (difference) out.write(`first difference at lsn ${difference.lsn}${difference.key ? ` (${difference.key})` : ''}\n  rebuilt: ${difference.rebuilt ?? '(none)'}\n  stored:  ${difference.stored ?? '(none)'}\n`);
  out.write(report.equal ? 'rebuild equals the store\n' : report.repaired ? 'store rebuilt from the log\n' : 'rebuild differs from the store (run with --repair to replace it)\n');
}

/** Runs the check (or the repair) and prints the report; resolves to the exit code. */
export async function runReplay(options: { dataDir: string; configFile?: string; repair: boolean; json: boolean; keepDays: number; eventsFile?: string }, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  let report: ReplayReport;
  const events = options.eventsFile === undefined ? undefined : new EventLines(options.eventsFile);
  try {
    report = await verifyReplay(options.dataDir, { repair: options.repair, keepDays: options.keepDays, ...(events ? { onEvents: (_lsn, derived) => events.write(derived) } : {}) });
  } catch (error) {
    throw explainDamage(error, options.configFile);
  } finally {
    events?.close();
  }
  if (options.json) out.write(`${JSON.stringify(report)}\n`);
  else printReport(report, out);
  if (!report.equal && !report.repaired) {
    log.error('replay differs from the engine store', { lsn: report.first_difference?.lsn });
    return 1;
  }
  return 0;
}
