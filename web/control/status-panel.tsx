/** @module The box's health for staff: decoder link, frames, clock, log and disk, cloud sync, polled every 2 s, problems in red. */
import { useEffect, useState } from 'preact/hooks';
import type { ClockSync } from '../shared/clock-sync.ts';
import { diagnose, type Verdict } from '../../shared/diagnosis/doctor.ts';
import { formatAgo, formatBytes } from '../shared/format.ts';
import type { ApplianceStatus } from '../shared/live-types.ts';
import { ApiError, getJson } from './api.ts';

const POLL_MS = 2000;

type Level = 'ok' | 'warn' | 'bad' | 'plain';

function Item({ label, value, level = 'plain', detail, wide = false }: { label: string; value: string; level?: Level; detail?: string | undefined; wide?: boolean }) {
  return (
    <div class={`status-item status-${level}${wide ? ' status-wide' : ''}`}>
      <dt>{label}</dt>
      <dd>
        {value}
        {detail && <small class="status-detail">{detail}</small>}
      </dd>
    </div>
  );
}

function lastPassing(status: ApplianceStatus, clock: ClockSync): string {
  const envelope = status.last_passing;
  if (!envelope) return 'none this boot';
  const record = (envelope.payload as { record?: { transponder?: number } }).record;
  const who = record?.transponder !== undefined ? `#${record.transponder}` : 'passing';
  return `${who}, ${formatAgo(clock.sinceUs(envelope.captured_at_us))}`;
}

/** The cloud sync in a few words, and how worried staff should be: timing never waits for it, so a cloud away is amber, a refused token red. */
function syncLine(sync: ApplianceStatus['sync']): { value: string; level: Level; detail?: string | undefined } {
  const behind = sync.lag_envelopes > 0 ? `, ${sync.lag_envelopes} to send${sync.lag_seconds ? ` (${formatSeconds(sync.lag_seconds)} behind)` : ''}` : ', up to date';
  switch (sync.state) {
    case 'off':
      return { value: 'off', level: 'plain' };
    case 'online':
      return { value: `online${behind}`, level: sync.lag_envelopes > 0 ? 'warn' : 'ok' };
    case 'refused':
      return { value: `refused: ${sync.last_error ?? 'the cloud refused this box'}`, level: 'bad' };
    default:
      return { value: `${sync.state === 'backing_off' ? 'cloud unreachable, retrying' : sync.state}${behind}`, level: 'warn', detail: sync.last_error ?? undefined };
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

function usePolledStatus(): { status: ApplianceStatus | null; problem: string | null } {
  const [status, setStatus] = useState<ApplianceStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const next = await getJson<ApplianceStatus>('/api/status');
        if (stopped) return;
        setStatus(next);
        setProblem(null);
      } catch (error) {
        if (!stopped) setProblem(error instanceof ApiError ? error.lines.join(' ') : String(error));
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return { status, problem };
}

const WORST: Level[] = ['bad', 'warn', 'ok', 'plain'];

/** The folded panel's one line: the decoder link, and anything else that needs staff, worst colour first. */
function summary(status: ApplianceStatus | null, problem: string | null): { text: string; level: Level } {
  if (problem) return { text: 'box not answering', level: 'bad' };
  if (!status) return { text: 'reading…', level: 'plain' };
  const parts: { text: string; level: Level }[] = [{ text: `decoder ${status.decoder.state}`, level: status.decoder.state === 'connected' ? 'ok' : 'bad' }];
  if (status.log.disk !== 'ok') parts.push({ text: `disk ${status.log.disk}`, level: status.log.disk === 'low' ? 'warn' : 'bad' });
  if (status.log.refusing) parts.push({ text: 'refusing records', level: 'bad' });
  if (status.sync && status.sync.state !== 'off') {
    const sync = syncLine(status.sync);
    if (sync.level !== 'ok') parts.push({ text: status.sync.state === 'refused' ? 'cloud refused' : 'cloud away', level: sync.level });
  }
  const level = WORST.find((l) => parts.some((p) => p.level === l)) ?? 'plain';
  return { text: parts.map((p) => p.text).join(' · '), level };
}

const VERDICT_LEVEL: Record<Verdict, Level> = { ok: 'ok', check: 'warn', fail: 'bad' };
const VERDICT_WORD: Record<Verdict, string> = { ok: 'OK', check: 'CHECK', fail: 'FAIL' };

/** The same findings as `mre doctor`, in its order, at the box's time: what a volunteer checks first, and what to do. */
function Findings({ status, clock }: { status: ApplianceStatus; clock: ClockSync }) {
  const findings = diagnose(status, clock.boxNowMs() * 1000);
  return (
    <ol class="doctor-list" aria-label="what to check">
      {findings.map((f) => (
        <li class={`status-item status-${VERDICT_LEVEL[f.verdict]}`} key={`${f.area}:${f.text}`}>
          <strong class="doctor-verdict">{VERDICT_WORD[f.verdict]}</strong> <span class="doctor-area">{f.area}</span> {f.text}
          {f.next && <small class="status-detail">{f.next}</small>}
        </li>
      ))}
    </ol>
  );
}

/** `clock` is the box's, from the live feed: the box and the tablet may disagree on the time. Folded: staff open it when the line says so. */
export function StatusPanel({ clock }: { clock: ClockSync }) {
  const { status, problem } = usePolledStatus();
  const decoder = status?.decoder;
  const log = status?.log;
  const connected = decoder?.state === 'connected';
  const line = summary(status, problem);
  return (
    <details class="panel fold" aria-label="box status">
      <summary class="panel-head">
        <h2>Box status</h2>
        <span class={`fold-note status-line status-${line.level}`}>{line.text}</span>
      </summary>
      {problem && <p class="feedback feedback-error">{problem}</p>}
      {status && <Findings status={status} clock={clock} />}
      {status && decoder && log ? (
        <dl class="status-grid">
          <Item label="Decoder link" value={decoder.state} level={connected ? 'ok' : 'bad'} />
          <Item label="Source" value={`${decoder.source} (${decoder.transport})`} />
          <Item label="Decoder id" value={decoder.decoder_id !== undefined ? String(decoder.decoder_id) : 'not seen yet'} />
          <Item label="Last error" value={decoder.last_error ?? 'none'} level={decoder.last_error ? (connected ? 'warn' : 'bad') : 'plain'} />
          <Item label="Clock offset" value={decoder.clock_offset_us !== undefined ? `${(decoder.clock_offset_us / 1000).toFixed(1)} ms` : 'unknown'} />
          <Item label="Frames good / bad" value={`${decoder.frames_good} / ${decoder.frames_bad}`} level={decoder.frames_bad > 0 ? 'warn' : 'plain'} />
          <Item label="Last passing" value={lastPassing(status, clock)} />
          <Item label="Log last seq" value={`${log.last_seq} (${log.unsynced} unsynced)`} />
          <Item label="Disk" value={`${log.disk}, ${formatBytes(log.disk_free_bytes)} free`} level={log.disk === 'ok' ? 'ok' : log.disk === 'low' ? 'warn' : 'bad'} />
          <Item label="Intake" value={log.refusing ? `refusing: ${log.refusing}` : 'taking records'} level={log.refusing ? 'bad' : 'ok'} />
          <Item label="Gaps / missing" value={`${status.intake.gaps} / ${status.intake.missing_passings}`} level={status.intake.gaps > 0 ? 'warn' : 'plain'} />
          {status.sync && <Item label="Cloud sync" wide {...syncLine(status.sync)} />}
        </dl>
      ) : (
        !problem && <p class="muted">Reading status…</p>
      )}
    </details>
  );
}
