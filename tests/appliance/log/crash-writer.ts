/** @module Child process for crash tests: appends passings to a log as fast as it can and prints each lsn once it is durable. */
import { EnvelopeLog } from '../../../appliance/log/index.ts';

const [dir, startText, countText] = process.argv.slice(2);
const log = await EnvelopeLog.open({ dir: dir!, trackId: 'crash-track', clientId: 'box-1' });
let next = Number(startText);
const end = next + Number(countText);
process.stdout.write(`boot ${log.bootId}\n`);
// Many appends in flight at once, so kills land inside group commits, not between them.
const inflight = new Set<Promise<void>>();
while (next < end) {
  const n = next++;
  const p = log
    .append([{ message_type: 'PASSING', captured_at_us: n, payload: { record: { decoder_id: 7, passing_number: n } }, passing: { decoder_id: 7, passing_number: n } }])
    .then(([stored]) => {
      if (stored) process.stdout.write(`written ${n} ${stored.envelope.seq}\n`);
    });
  inflight.add(p);
  void p.finally(() => inflight.delete(p));
  if (inflight.size >= 64) await Promise.race(inflight);
}
await Promise.all(inflight);
await log.close();
