/** @module Asks a decoder again, once per connection, for the passings its current epoch is still missing: a crash or a dropped link mid-RESEND would otherwise leave them out for good. */
import type { DecoderLink } from '../decoder/index.ts';
import type { Hole } from '../log/open-holes.ts';
import { createLogger } from '../../shared/log/index.ts';

const log = createLogger('appliance:intake');

/** `holes` reads what the log still misses, on disk, per decoder. */
export function askAgainForHoles(link: DecoderLink, holes: () => Map<number, Hole[]>): void {
  let asked = false;
  link.on('connected', () => {
    asked = false;
  });
  // The decoder names itself in its first record: only then is it known whose holes to ask for.
  link.on('record', () => {
    if (asked) return;
    const decoderId = link.status().decoder_id;
    if (decoderId === undefined) return;
    asked = true;
    const open = holes().get(decoderId) ?? [];
    if (open.length === 0) return;
    const missing = open.reduce((sum, [from, to]) => sum + to - from + 1, 0);
    log.info('asking the decoder again for passings still missing', { source: link.status().source, decoder_id: decoderId, ranges: open.length, missing, first: open[0]![0], last: open.at(-1)![1] });
    for (const [from, to] of open) link.requestResend(from, to);
  });
}
