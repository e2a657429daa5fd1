/**
 * @module The box under a decoder flood, as separate real processes: a burst decoder sending
 * 200,000 passings as fast as the box reads, 300 reading WebSocket clients, API probes throughout;
 * SIGTERM at the peak, kill -9 at the peak, and restarts that ask the decoder to resend what was lost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, makeTempDir, removeTempDir, useCleanups, waitFor } from '../../harness/index.ts';
import { REPO_ROOT } from '../../support/shared-fixtures.ts';
import { probeApi, type ProbeResult } from '../../support/flood/api-probe.ts';
import { BURST_TRANSPONDERS, FLOOD_PIN, startBurstDecoder, startFloodBox, startFloodClients, stopAll, type FloodBox } from '../../support/flood/flood-box.ts';
import { auditLog } from '../../support/flood/flood-log.ts';
import { sampleRss } from '../../support/flood/process-sampler.ts';
import { readLogDir } from './support.ts';

const defer = useCleanups();
const PASSINGS = 200_000;
const CLIENTS = 300;
const RSS_LIMIT = 200 * 1024 * 1024;
/** What systemd allows between SIGTERM and SIGKILL (systemd/mre-appliance.service). */
const STOP_TIMEOUT_MS = Number(/TimeoutStopSec=(\d+)/.exec(readFileSync(join(REPO_ROOT, 'systemd', 'mre-appliance.service'), 'utf8'))![1]) * 1000;

const EVENT = {
  event_id: 'flood-night',
  name: 'Flood night',
  classes: [{ class_id: 'open', name: 'Open' }],
  riders: BURST_TRANSPONDERS.map((t, i) => ({ rider_id: `r${i + 1}`, name: `Rider ${i + 1}`, class_id: 'open', transponders: [t] })),
};

interface Status {
  intake: { passings_this_boot: number; late_passings: number; flow: { in_flight: number; holds: number; high_water: number } };
  last_passing: { payload: { record?: { passing_number?: number } } } | null;
  decoder: { state: string; reconnects: number; last_error?: string };
  log: { last_seq: number };
}

const lastLogged = (s: Status) => s.last_passing?.payload.record?.passing_number;
const status = async (box: FloodBox) => (await (await fetch(`${box.url}/api/status`)).json()) as Status;

async function post(box: FloodBox, intent: string, body: unknown): Promise<number> {
  const response = await fetch(`${box.url}/api/control/${intent}`, { method: 'POST', headers: { authorization: `Bearer ${FLOOD_PIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
}

/** Waits until this boot has logged `passings`, polling gently so the probe is not the load. */
const untilPassings = (box: FloodBox, passings: number) => waitFor(`${passings} passings logged`, async () => (await pause(250), (await status(box)).intake.passings_this_boot >= passings), 240_000);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a failure needs to be understood: the box's warnings and its decoder link's story, the last of them. */
const linkStory = (output: string) =>
  output
    .split('\n')
    .filter((l) => /^<[0-4]>|appliance:link|resend/i.test(l))
    .slice(-40)
    .join('\n');

function unanswered(results: ProbeResult[]): ProbeResult[] {
  return results.filter((r) => r.status !== 200);
}

describe('appliance under a decoder flood', () => {
  it('appliance flood - 200,000 passings with 300 live clients: memory stays flat, the API answers, SIGTERM at the peak exits cleanly, kill -9 and RESEND lose and double nothing', async () => {
    const dir = await makeTempDir('mre-flood');
    defer(() => removeTempDir(dir));
    const dataDir = join(dir, 'data');
    // A decoder sending into the void while the box restarts could finish its count unseen: with
    // no later passing to show the jump, the box would have nothing to ask for. Holding while no
    // host listens leaves what a crash loses in sockets and in flight, which RESEND must bring back.
    const decoder = await startBurstDecoder(dir, PASSINGS, { waitForHost: true });
    defer(() => stopAll(decoder.tracked));
    const env = { MRE_DECODER_RESEND: 'true' };

    // The event is set up before the decoder connects, with the box's defaults: the flood opens an
    // automatic practice board, which takes it as a loop reading ten cars over and over.
    const setUp = await startFloodBox(dataDir, await freePort(), env);
    defer(() => stopAll(setUp.tracked));
    expect(await post(setUp, 'event.setup', EVENT)).toBe(200);
    setUp.tracked.child.kill('SIGTERM');
    expect(await setUp.tracked.exited).toEqual({ code: 0, signal: null });

    // First boot: the flood with every client connected, the API probed, then SIGTERM at the peak.
    let box = await startFloodBox(dataDir, decoder.port, env);
    defer(() => stopAll(box.tracked));
    const rss = sampleRss(box.pid);
    defer(() => rss.stop());
    const clients = await startFloodClients(box.url, CLIENTS);
    defer(() => stopAll(clients.tracked));
    const probe = probeApi(box.url, { name: 'event.setup', body: EVENT });
    await untilPassings(box, 60_000);
    await probe.stop();
    const first = await status(box);
    const seen = await clients.report();
    const termAt = performance.now();
    box.tracked.child.kill('SIGTERM');
    const exit = await box.tracked.exited;
    const stopMs = performance.now() - termAt;
    rss.stop();
    await clients.end();

    expect(exit).toEqual({ code: 0, signal: null });
    expect(stopMs, `stopped in ${Math.round(stopMs)} ms`).toBeLessThan(STOP_TIMEOUT_MS);
    expect(box.tracked.output()).toContain('appliance stopped');
    expect(first.intake.flow.holds, 'the log held the decoder back').toBeGreaterThan(0);
    expect(first.decoder).toMatchObject({ state: 'connected', reconnects: 0 });
    expect(unanswered(probe.results)).toEqual([]);
    // At least one whole round mid-flood (a test runner starved of CPU may manage no more).
    expect(probe.results.length).toBeGreaterThanOrEqual(3);
    expect(seen).toMatchObject({ opened: CLIENTS, errors: 0, closes: {} });
    expect(seen.passings).toBeGreaterThan(CLIENTS);
    // The strip was thinned, not every passing sent to every phone: the log still has them all.
    expect(seen.thinned).toBeGreaterThan(0);
    expect(seen.passings).toBeLessThan(first.intake.passings_this_boot * CLIENTS);
    expect(rss.peak, `peak RSS ${Math.round(rss.peak / 1048576)} MiB`).toBeLessThan(RSS_LIMIT);

    // Second boot, RESEND on: what the clean stop left unread is asked for; kill -9 at its peak.
    box = await startFloodBox(dataDir, decoder.port, env);
    const rss2 = sampleRss(box.pid);
    defer(() => rss2.stop());
    await untilPassings(box, 40_000);
    const second = await status(box);
    box.tracked.child.kill('SIGKILL');
    await box.tracked.exited;
    rss2.stop();
    expect(rss2.peak, `peak RSS of the restarted box answering RESEND ${Math.round(rss2.peak / 1048576)} MiB`).toBeLessThan(RSS_LIMIT);

    // Third boot: the rest of the flood, and whatever the kill lost, resent.
    box = await startFloodBox(dataDir, decoder.port, env);
    const rss3 = sampleRss(box.pid);
    defer(() => rss3.stop());
    await waitFor('the decoder to send its last passing', () => decoder.tracked.output().includes('scenario ended') || undefined, 240_000);
    const lastSent = Number(/scenario ended .*last_passing_number=(\d+)/.exec(decoder.tracked.output())![1]);
    // Settled once the count has stood still for three seconds running: a box starved of CPU by
    // the rest of a test run can pause for a second mid-resend.
    let settled = -1;
    let stillFor = 0;
    // The decoder's last passing is the last one logged once all is in; a box whose disk stalls
    // holds its reading, so stillness alone is given longer before the audit says what is missing.
    await waitFor('the box to log everything it was sent and resent', async () => {
      await pause(1000);
      const now = await status(box);
      stillFor = now.intake.passings_this_boot === settled && now.intake.flow.in_flight === 0 ? stillFor + 1 : 0;
      settled = now.intake.passings_this_boot;
      return stillFor >= (lastLogged(now) === lastSent ? 3 : 20);
    }, 240_000);
    const last = await status(box);
    box.tracked.child.kill('SIGTERM');
    expect(await box.tracked.exited).toEqual({ code: 0, signal: null });
    rss3.stop();
    expect(second.intake.late_passings + last.intake.late_passings, 'passings the stops lost, resent').toBeGreaterThan(0);
    expect(rss3.peak, `peak RSS after kill -9, resending ${Math.round(rss3.peak / 1048576)} MiB`).toBeLessThan(RSS_LIMIT);

    const audit = auditLog(await readLogDir(join(dataDir, 'log')));
    expect(audit.repeated).toEqual([]);
    expect(audit.seqBroken).toEqual([]);
    expect(audit.missing).toBe(0);
    expect(audit.last, `the box's warnings and decoder link lines, then the decoder's last lines:\n${linkStory(box.tracked.output())}\n${decoder.tracked.output().split('\n').slice(-15).join('\n')}`).toBe(lastSent);
    expect(audit.passings).toBeGreaterThan(PASSINGS / 2);
  }, 900_000);
});
