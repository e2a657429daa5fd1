/**
 * @module The replay bench's replays, cold starts and repairs, run in a process of their own as
 * `mre appliance replay` and a box's start run: the bench process holds whole seasons of envelopes
 * for the engine in memory, and a replay beside them would pay for marking that heap in every
 * garbage collection, which no real replay does.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { verifyReplay } from '../../appliance/race/replay.ts';
import { configureLogging } from '../../shared/log/index.ts';
import { coldStart, equalReplay, readParseRate, timed } from './replay-runs.ts';

export type ReplayerJob =
  | { op: 'replay'; dir: string }
  | { op: 'cold-start'; dir: string; keepDays?: number }
  | { op: 'repair'; dir: string; keepDays?: number }
  | { op: 'read-parse'; dir: string };

type Answer = { id: number; value: number } | { id: number; error: string };

/** Seconds (envelopes a second for read-parse) for one job, run in this process. */
async function runJob(job: ReplayerJob): Promise<number> {
  switch (job.op) {
    case 'replay':
      return equalReplay(job.dir);
    case 'cold-start':
      return coldStart(job.dir, job.keepDays);
    case 'repair':
      return timed(() => verifyReplay(job.dir, { repair: true, ...(job.keepDays ? { keepDays: job.keepDays } : {}) }));
    case 'read-parse':
      return readParseRate(job.dir);
  }
}

/** The bench's side: jobs sent one at a time to the child, each answered with its figure. */
export class Replayer {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (value: number) => void; reject: (error: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (answer: Answer) => {
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if ('error' in answer) waiter?.reject(new Error(answer.error));
      else waiter?.resolve(answer.value);
    });
    child.on('exit', (code) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`the replayer process exited with code ${code}`));
      this.waiting.clear();
    });
  }

  static start(): Replayer {
    return new Replayer(fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  run(job: ReplayerJob): Promise<number> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, job });
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

if (process.argv[2] === '--serve' && process.send) {
  configureLogging({ level: 'warn' });
  process.on('message', ({ id, job }: { id: number; job: ReplayerJob }) => {
    runJob(job).then(
      (value) => process.send!({ id, value }),
      (error: Error) => process.send!({ id, error: error.message }),
    );
  });
  // The bench closing the channel is this process's end.
  process.on('disconnect', () => process.exit(0));
}
