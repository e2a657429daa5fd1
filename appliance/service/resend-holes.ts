/** @module Asks a decoder again, once per connection, for the passings its current epoch is still missing: a crash or a dropped link mid-RESEND would otherwise leave them out for good. */
import type { DecoderLink } from '../decoder/index.ts';
import type { Hole } from '../log/open-holes.ts';
import { createLogger } from '../../shared/log/index.ts';

const log = createLogger('appliance:intake');

/** How far past the last logged passing a connection that opens with no passing asks (the decoder answers what it holds). */
const TAIL = 1_000_000;

/**
 * `holes` reads what the log still misses, on disk, per decoder; `last` the highest number of
 * each decoder's current epoch. A connection that opens with a passing shows any gap before it
 * itself; one that opens with anything else (a STATUS) asks for what came after the last logged
 * passing: passings lost in the sockets at a crash, with none after them to reveal the gap.
 */
export function askAgainForHoles(link: DecoderLink, holes: () => Map<number, Hole[]>, last: () => Map<number, number>): void {
  let asked = false;
  link.on('connected', () => {
    asked = false;
  });
  // The decoder names itself in its first record: only then is it known whose holes to ask for.
  link.on('record', (decoded) => {
    if (asked) return;
    const decoderId = link.status().decoder_id;
    if (decoderId === undefined) return;
    asked = true;
    const top = last().get(decoderId);
    if (decoded.record.type !== 'PASSING' && top !== undefined && top < 0xffff_ffff) link.requestResend(top + 1, Math.min(0xffff_ffff, top + TAIL));
    const open = holes().get(decoderId) ?? [];
    if (open.length === 0) return;
    const missing = open.reduce((sum, [from, to]) => sum + to - from + 1, 0);
    log.info('asking the decoder again for passings still missing', { source: link.status().source, decoder_id: decoderId, ranges: open.length, missing, first: open[0]![0], last: open.at(-1)![1] });
    for (const [from, to] of open) link.requestResend(from, to);
  });
}
