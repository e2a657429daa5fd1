/** @module Child process for the flood runs: N WebSocket clients that read everything and count it; `report` on stdin prints the counts. */
import WebSocket from 'ws';

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
const sockets: WebSocket[] = [];
const closes: Record<string, number> = {};
let open = 0;
let messages = 0;
let passings = 0;
let thinned = 0;
let errors = 0;

for (let i = 0; i < count; i++) {
  const ws = new WebSocket(url!);
  sockets.push(ws);
  ws.on('open', () => {
    if (++open === count) process.stdout.write('ready\n');
  });
  ws.on('message', (data: Buffer) => {
    messages++;
    // Cheaper than parsing: the flood only needs to know that passings keep coming.
    if (data.includes('"type":"passing"')) passings++;
    else if (data.includes('"type":"passings_skipped"')) thinned++;
  });
  ws.on('close', (code) => {
    closes[code] = (closes[code] ?? 0) + 1;
  });
  ws.on('error', () => {
    errors++;
  });
}

process.stdin.setEncoding('utf8').on('data', (line: string) => {
  const report = JSON.stringify({ clients: count, opened: open, messages, passings, thinned, errors, closes });
  if (line.startsWith('report')) return void process.stdout.write(`${report}\n`);
  // Any other line ends the run: report, close every client, let the process end by itself.
  process.stdout.write(`${report}\n`, () => {
    for (const ws of sockets) ws.terminate();
    process.stdin.destroy();
  });
});
