/** @module Field diagnosis from the box's status document: one plain-words line per check, in the order a volunteer should look, shared by `mre doctor` and race control's status panel. */
import type { ApplianceStatus, LinkStatus } from '../contracts/status.ts';
import { formatAgo, formatBytes } from '../../web/shared/format.ts';

export type Verdict = 'ok' | 'check' | 'fail';
export type Area = 'config' | 'decoder' | 'disk' | 'cloud' | 'clock' | 'journal';

/** One line of the diagnosis: what was seen, and what to do next in one sentence (empty when nothing). */
export interface Finding {
  area: Area;
  verdict: Verdict;
  text: string;
  next: string;
}

/** What only the box's own shell can tell: `true`/`false` from timedatectl, `null` when it cannot tell; absent when not asked (a browser). */
export interface HostFacts {
  systemClockSynced?: boolean | null;
}

/** No record for this long on a connected link: the decoder is quiet (its loop or cable), not just between riders. */
export const QUIET_LINK_US = 60_000_000;
/** Decoder clock this far from the box's is worth setting right before racing. */
export const CLOCK_OFFSET_LIMIT_US = 1_000_000;

const ago = (nowUs: number, atUs: number) => formatAgo(Math.max(0, (nowUs - atUs) / 1000));

function decoderFinding(link: LinkStatus, nowUs: number, count: number): Finding {
  const name = count > 1 ? `decoder ${link.source}` : 'decoder';
  if (link.state !== 'connected') {
    return { area: 'decoder', verdict: 'fail', text: `${name} ${link.state}${link.last_error ? ` (${link.last_error})` : ''}`, next: `Check the decoder is on and its cable or network reaches the box at ${link.source}.` };
  }
  const since = link.connected_since_us !== undefined ? `connected since ${ago(nowUs, link.connected_since_us)}` : 'connected';
  const last = link.last_frame_at_us !== undefined ? `last record ${ago(nowUs, link.last_frame_at_us)}` : 'no record yet';
  const quiet = link.last_frame_at_us === undefined || nowUs - link.last_frame_at_us > QUIET_LINK_US;
  return quiet
    ? { area: 'decoder', verdict: 'check', text: `${name} ${since}, ${last}`, next: 'The decoder sends nothing: check its loop and that it is in timing mode.' }
    : { area: 'decoder', verdict: 'ok', text: `${name} ${since}, ${last}`, next: '' };
}

function gapFinding(status: ApplianceStatus): Finding {
  const { gaps, missing_passings: missing } = status.intake;
  if (missing === 0) return { area: 'decoder', verdict: 'ok', text: 'no passing-number gaps', next: '' };
  const how = status.decoder.resend_enabled ? 'The box asks the decoder again; if the number stays, check the decoder cable.' : 'Check the decoder cable; passings the decoder sent were lost.';
  return { area: 'decoder', verdict: 'check', text: `${missing} passing(s) missing in ${gaps} gap(s) of the passing numbers`, next: how };
}

function diskFindings(log: ApplianceStatus['log']): Finding[] {
  const free = `${formatBytes(log.disk_free_bytes)} free (floor ${formatBytes(log.min_free_bytes)})`;
  const out: Finding[] = [];
  if (log.refusing) out.push({ area: 'disk', verdict: 'fail', text: `log refusing records: ${log.refusing}; ${free}`, next: 'Free space on the data partition (old files, not the log) or fit a bigger card; intake resumes by itself.' });
  else if (log.disk !== 'ok') out.push({ area: 'disk', verdict: 'check', text: `disk ${log.disk}: ${free}`, next: 'Free space on the data partition before the log has to stop taking records.' });
  else out.push({ area: 'disk', verdict: 'ok', text: `disk ${free}, ${log.unsynced} envelope(s) not yet synced`, next: '' });
  if (log.disk_full_episodes > 0 && !log.refusing) {
    out.push({ area: 'disk', verdict: 'check', text: `the log stopped for want of room ${log.disk_full_episodes} time(s) this run`, next: 'Read the journal for "log full" and free space before the next meeting.' });
  }
  return out;
}

function cloudFinding(sync: ApplianceStatus['sync']): Finding {
  const behind = `${sync.lag_envelopes} envelope(s)${sync.lag_seconds ? `, ${Math.round(sync.lag_seconds)} s` : ''} behind`;
  switch (sync.state) {
    case 'off':
      return { area: 'cloud', verdict: 'ok', text: 'cloud sync not configured', next: '' };
    case 'online':
      return { area: 'cloud', verdict: 'ok', text: `cloud sync online to ${sync.url}, ${behind}`, next: '' };
    case 'refused':
      return { area: 'cloud', verdict: 'fail', text: `cloud refused this box: ${sync.last_error ?? 'no reason given'}`, next: "Issue a new box token for this track and put it in the box's sync settings, then restart the service." };
    default:
      return { area: 'cloud', verdict: 'check', text: `cloud ${sync.url} unreachable (${sync.state}), ${behind}${sync.last_error ? `; last error: ${sync.last_error}` : ''}`, next: 'Timing goes on; check the box has internet (phone hotspot, router) and the sync URL is right.' };
  }
}

function clockFindings(status: ApplianceStatus, host: HostFacts): Finding[] {
  const out: Finding[] = [];
  if (host.systemClockSynced === true) out.push({ area: 'clock', verdict: 'ok', text: 'system clock synchronised', next: '' });
  else if (host.systemClockSynced === false) out.push({ area: 'clock', verdict: 'check', text: 'system clock not synchronised', next: 'Give the box internet for a minute (NTP), or set the time with `sudo timedatectl set-time`.' });
  // Not a fault of the box: where nothing answers (no systemd), the volunteer compares by eye.
  else if (host.systemClockSynced === null) out.push({ area: 'clock', verdict: 'ok', text: 'cannot tell whether the system clock is synchronised', next: 'Compare the box time (`date`) with a phone.' });
  const offset = status.decoder.clock_offset_us;
  if (offset === undefined) out.push({ area: 'clock', verdict: 'ok', text: 'decoder clock offset not known yet', next: '' });
  else {
    const text = `decoder clock ${(offset / 1000).toFixed(1)} ms from the box`;
    out.push(Math.abs(offset) > CLOCK_OFFSET_LIMIT_US ? { area: 'clock', verdict: 'check', text, next: "Set the decoder's clock from the box's (decoder software) before racing; lap times are unaffected." } : { area: 'clock', verdict: 'ok', text, next: '' });
  }
  return out;
}

/** A config file dropped on the boot partition that was refused: what the volunteer meant to change has not happened, and may explain every line after it. */
function configFindings(firstboot: ApplianceStatus['firstboot'], nowUs: number): Finding[] {
  if (!firstboot) return [];
  const problems = firstboot.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  const triedUs = Date.parse(firstboot.at) * 1000;
  const when = Number.isFinite(triedUs) ? `tried ${ago(nowUs, triedUs)}` : `tried ${firstboot.at}`;
  return [{ area: 'config', verdict: 'fail', text: `the box's config file ${firstboot.file} was not applied (${when}): ${problems}`, next: 'Fix those fields in the file on the boot partition and save it again: the box applies it at once, and runs on its previous settings until then.' }];
}

/** The diagnosis in check order: a refused config file, decoder link, disk and log, cloud sync, clock. The journal is the caller's (only a shell can read it). */
export function diagnose(status: ApplianceStatus, nowUs: number, host: HostFacts = {}): Finding[] {
  return [
    ...configFindings(status.firstboot, nowUs),
    ...status.decoders.map((link) => decoderFinding(link, nowUs, status.decoders.length)),
    gapFinding(status),
    ...diskFindings(status.log),
    cloudFinding(status.sync),
    ...clockFindings(status, host),
  ];
}

/** The worst verdict of the lot. */
export function worstVerdict(findings: readonly Finding[]): Verdict {
  return findings.some((f) => f.verdict === 'fail') ? 'fail' : findings.some((f) => f.verdict === 'check') ? 'check' : 'ok';
}
