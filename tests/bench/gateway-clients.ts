/**
 * @module Child process for the gateway fan-out benchmark: N WebSocket clients spread over the given
 * tracks, connected in waves; each race event's arrival time per client, by event id. On `report`
 * followed by a line of `{event id: sent ms}` it prints the delay percentiles and how many deliveries
 * never came, then closes everything.
 */
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const [base, countText, tracksText] = process.argv.slice(2);
const count = Number(countText);
const tracks = tracksText!.split(',');
/** Connections opened at once: enough to be quick, few enough not to overflow the listen backlog. */
const WAVE = 250;
const MARK = ',"payload":{"id":"';

/** event id → arrival times (absolute ms) at every client that got it. */
const arrivals = new Map<string, number[]>();
const perTrack = new Map<string, number>();
const sockets: WebSocket[] = [];
const now = () => performance.timeOrigin + performance.now();

function open(i: number): Promise<void> {
  const track = tracks[i % tracks.length]!;
  perTrack.set(track, (perTrack.get(track) ?? 0) + 1);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base}/ws/v1/live?track_id=${track}&channels=race`);
    sockets.push(ws);
    ws.once('message', () => resolve());
    ws.on('message', (data: Buffer) => {
      const text = data.toString('latin1');
      if (!text.startsWith('{"kind":"event"')) return;
      const at = text.indexOf(MARK);
      if (at < 0) return;
      const id = text.slice(at + MARK.length, text.indexOf('"', at + MARK.length));
      const list = arrivals.get(id);
      if (list) list.push(now());
      else arrivals.set(id, [now()]);
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`client ${i}: HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function report(sent: Record<string, { at: number; track: string }>): string {
  let missing = 0;
  const delays: number[] = [];
  for (const [id, { at, track }] of Object.entries(sent)) {
    const times = arrivals.get(id) ?? [];
    missing += (perTrack.get(track) ?? 0) - times.length;
    for (const t of times) delays.push(t - at);
  }
  const sorted = Float64Array.from(delays).sort();
  return JSON.stringify({ deliveries: sorted.length, missing, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN });
}

const started = now();
for (let i = 0; i < count; i += WAVE) {
  await Promise.all(Array.from({ length: Math.min(WAVE, count - i) }, (_, k) => open(i + k)));
}
process.stdout.write(`ready ${Math.round(now() - started)}\n`);

const lines = createInterface({ input: process.stdin });
let reporting = false;
lines.on('line', (line) => {
  if (line === 'report') {
    reporting = true;
    return;
  }
  if (!reporting) return;
  // Close down only once the pipe has taken the whole report.
  process.stdout.write(`${report(JSON.parse(line) as Record<string, { at: number; track: string }>)}\n`, () => {
    for (const ws of sockets) ws.terminate();
    lines.close();
    process.stdin.destroy();
  });
});
