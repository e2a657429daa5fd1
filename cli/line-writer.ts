/** @module Buffered line output that respects a slow or closed stdout (`mre decode … | head`). */
import type { Writable } from 'node:stream';

export class LineWriter {
  private pending: string[] = [];
  private size = 0;
  private closed = false;

  constructor(
    private readonly stream: Writable,
    private readonly highWater = 64 * 1024,
  ) {
    // The reader went away (EPIPE): stop writing, finish quietly.
    stream.on('error', () => {
      this.closed = true;
    });
  }

  write(line: string): void {
    if (this.closed) return;
    this.pending.push(line);
    this.size += line.length + 1;
  }

  async flushIfFull(): Promise<void> {
    if (this.size >= this.highWater) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0 || this.closed) return;
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    this.size = 0;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          this.stream.off('close', done);
          resolve();
        };
        this.stream.once('drain', done).once('error', done).once('close', done);
      });
    }
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
