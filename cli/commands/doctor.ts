/** @module `mre doctor`: the box's status read over HTTP and said in plain words (shared/diagnosis), with the system clock and journal read from this machine. */
import { spawnSync } from 'node:child_process';
import type { ApplianceStatus } from '../../shared/contracts/status.ts';
import { diagnose, worstVerdict, type Finding } from '../../shared/diagnosis/doctor.ts';
import { applianceBaseUrl } from '../appliance-url.ts';
import { parseCommandArgs } from '../command.ts';

/** The appliance did not answer at all: nothing else can be said. */
export const EXIT_UNREACHABLE = 3;
const STATUS_TIMEOUT_MS = 5000;
const JOURNAL_LINES = 10;

async function readStatus(base: string): Promise<ApplianceStatus | string> {
  try {
    const response = await fetch(`${base}/api/status`, { signal: AbortSignal.timeout(STATUS_TIMEOUT_MS) });
    if (!response.ok) return `GET /api/status answered ${response.status}`;
    return (await response.json()) as ApplianceStatus;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (error as Error).message;
  }
}

/** timedatectl's NTPSynchronized; null when there is no timedatectl or no systemd to ask. */
function systemClockSynced(): boolean | null {
  const run = spawnSync('timedatectl', ['show', '-p', 'NTPSynchronized', '--value'], { encoding: 'utf8', timeout: 3000 });
  if (run.error || run.status !== 0) return null;
  const value = run.stdout.trim();
  return value === 'yes' ? true : value === 'no' ? false : null;
}

/** The last warnings of the service, newest last; a finding even when the journal cannot be read. */
export function journalFinding(): Finding {
  const command = ['-u', 'mre-appliance', '-p', 'warning', '-n', String(JOURNAL_LINES), '-o', 'short-iso', '--no-pager'];
  const run = spawnSync('journalctl', command, { encoding: 'utf8', timeout: 5000 });
  if (run.error) return { area: 'journal', verdict: 'ok', text: 'no journalctl on this machine: no journal to read', next: '' };
  const lines = run.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('-- '));
  if (run.status !== 0) return { area: 'journal', verdict: 'check', text: `cannot read the journal: ${(run.stderr.trim().split('\n')[0] ?? '') || `journalctl exited ${run.status}`}`, next: 'Run `sudo mre doctor`, or add your user to the systemd-journal group.' };
  if (/No journal files were found/.test(run.stderr) || lines.length === 0) return { area: 'journal', verdict: 'ok', text: 'no warnings from mre-appliance in the journal', next: '' };
  return { area: 'journal', verdict: 'check', text: `last warnings from the journal:\n${lines.map((l) => `    ${l}`).join('\n')}`, next: 'docs/field-guide.md says what each message means; `journalctl -u mre-appliance -b -p warning` shows them all.' };
}

const LABEL = { ok: 'OK   ', check: 'CHECK', fail: 'FAIL ' } as const;

function render(findings: Finding[]): string {
  return findings.map((f) => `${LABEL[f.verdict]} ${f.area.padEnd(7)} ${f.text}${f.next ? `\n              → ${f.next}` : ''}`).join('\n');
}

export async function runDoctor(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { url: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean', default: false } });
  const base = applianceBaseUrl(values.url, values.config);
  const status = await readStatus(base);
  if (typeof status === 'string') {
    const next = 'Is the service running? `systemctl status mre-appliance`; then `journalctl -u mre-appliance -n 50`.';
    if (values.json) process.stdout.write(`${JSON.stringify({ url: base, reachable: false, verdict: 'fail', error: status, next })}\n`);
    else process.stdout.write(`FAIL  cannot reach the appliance at ${base} (${status})\n              → ${next}\n`);
    return EXIT_UNREACHABLE;
  }
  const findings = [...diagnose(status, Date.now() * 1000, { systemClockSynced: systemClockSynced() }), journalFinding()];
  const verdict = worstVerdict(findings);
  if (values.json) process.stdout.write(`${JSON.stringify({ url: base, reachable: true, verdict, findings })}\n`);
  else process.stdout.write(`${render(findings)}\n`);
  return verdict === 'ok' ? 0 : 1;
}
