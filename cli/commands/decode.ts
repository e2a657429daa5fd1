/** @module `mre decode`: P3 bytes (raw or hex text) from a file or stdin to one JSON record per line, summary on stderr. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { HexTextReader, P3Decoder, PassingTracker, type DecodedFrame } from '../../shared/p3/index.ts';
import { createLogger } from '../../shared/log/index.ts';
import { parseCommandArgs, UsageError } from '../command.ts';
import { LineWriter } from '../line-writer.ts';

const log = createLogger('cli:decode');

async function* binaryChunks(path: string | undefined): AsyncGenerator<Uint8Array> {
  const input = path ? createReadStream(path) : process.stdin;
  for await (const chunk of input) yield chunk as Buffer;
}

async function* hexChunks(path: string | undefined): AsyncGenerator<Uint8Array> {
  const input = path ? createReadStream(path, 'utf8') : process.stdin.setEncoding('utf8');
  const reader = new HexTextReader();
  for await (const line of createInterface({ input, crlfDelay: Infinity })) yield reader.line(line);
  reader.end();
}

export async function runDecode(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(argv, { hex: { type: 'boolean' }, 'include-bad': { type: 'boolean' }, json: { type: 'boolean' } }, true);
  if (parsed.positionals.length > 1) throw new UsageError(`expected one FILE, got ${parsed.positionals.length}`);
  const file = parsed.positionals[0];
  const path = file === undefined || file === '-' ? undefined : file;

  const out = new LineWriter(process.stdout);
  const tracker = new PassingTracker();
  let printed = 0;
  const print = ({ record }: DecodedFrame) => {
    printed++;
    out.write(JSON.stringify(record));
  };
  const decoder = new P3Decoder({
    onRecord(decoded) {
      const { record } = decoded;
      if (record.type === 'PASSING' && record.decoder_id !== undefined && record.passing_number !== undefined) {
        const seen = tracker.observe(record.decoder_id, record.passing_number);
        if (seen.kind === 'gap') log.warn('passing numbers missing', { decoder_id: record.decoder_id, from: seen.from, to: seen.to });
        if (seen.kind === 'reset') log.warn('passing counter reset', { decoder_id: record.decoder_id, previous: seen.previous, now: record.passing_number });
      }
      print(decoded);
    },
    ...(parsed.values['include-bad'] ? { onBad: print } : {}),
  });

  const chunks = parsed.values.hex ? hexChunks(path) : binaryChunks(path);
  for await (const chunk of chunks) {
    decoder.push(chunk);
    await out.flushIfFull();
  }
  decoder.end();
  await out.close();

  const { counts } = decoder;
  const faults = Object.entries(counts.badByFault).map(([fault, n]) => [`bad_${fault}`, n]);
  log.info('decoded', {
    frames: counts.frames,
    good: counts.good,
    bad: counts.bad,
    ...Object.fromEntries(faults),
    junk_bytes: counts.junkBytes,
    gaps: tracker.counts.gaps,
    missing: tracker.counts.missing,
    repeats: tracker.counts.repeats,
    resets: tracker.counts.resets,
  });
  if (printed > 0) return 0;
  if (counts.frames === 0) log.error('no P3 frame found in the input');
  else log.error(`no valid P3 frame in the input (${counts.bad} refused; --include-bad prints them)`);
  return 1;
}
