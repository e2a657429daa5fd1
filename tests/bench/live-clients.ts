/** @module Child process for the live latency benchmark: N WebSocket clients on the decoder channel, each passing's arrival time per client. */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
/** passing_number → arrival times (absolute ms on the shared clock) at every client. */
const arrivals = new Map<number, number[]>();
let open = 0;
const sockets: WebSocket[] = [];

/** Closes every client and stdin: with nothing left open the process ends by itself, stdout flushed. */
function finish(): void {
  for (const ws of sockets) ws.terminate();
  process.stdin.destroy();
}

for (let i = 0; i < count; i++) {
  const ws = new WebSocket(url!);
  sockets.push(ws);
  ws.on('open', () => {
    if (++open === count) process.stdout.write('ready\n');
  });
  ws.on('message', (data: Buffer) => {
    const now = performance.timeOrigin + performance.now();
    const message = JSON.parse(data.toString('utf8')) as { kind: string; payload: { type?: string; passing?: { passing_number: number } } };
    if (message.kind !== 'event' || message.payload.type !== 'passing') return;
    const n = message.payload.passing!.passing_number;
    const list = arrivals.get(n) ?? [];
    list.push(now);
    arrivals.set(n, list);
  });
  ws.on('error', (error) => {
    process.stderr.write(`client ${i}: ${error.message}\n`);
    process.exitCode = 1;
    finish();
  });
}

process.stdin.setEncoding('utf8').on('data', () => {
  // Close down only once the pipe has taken the whole report.
  process.stdout.write(`${JSON.stringify([...arrivals])}\n`, finish);
});
