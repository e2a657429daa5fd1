/** @module LiveRC value formats (§1.13): dates, date ranges, completed times, durations, race lengths, counts. Each returns null when the text is not in its format. */

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};

const DATE = String.raw`([A-Za-z]{3,9})\.?\s+(\d{1,2}),\s*(\d{4})`;
const DATE_ONLY = new RegExp(`^${DATE}$`);
const DATE_RANGE = new RegExp(`^${DATE}\\s+to\\s+${DATE}$`, 'i');
const DATE_AT_TIME = new RegExp(`^${DATE}\\s+at\\s+(\\d{1,2})(?::(\\d{2}))?\\s*([ap])\\.?m\\.?$`, 'i');
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/;

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(month: string, day: string, year: string): string | null {
  const m = MONTHS[month.toLowerCase()];
  const d = Number(day);
  const y = Number(year);
  if (m === undefined || d < 1) return null;
  // Date.UTC rolls Feb 30 over into March; a rolled-over day is not a real date.
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return `${year}-${pad(m)}-${pad(d)}`;
}

/** Collapses runs of whitespace (LiveRC templates leave tabs and double spaces) and trims. */
export function squish(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `Nov 16, 2025` → `2025-11-16`. */
export function parseDate(text: string): string | null {
  const m = DATE_ONLY.exec(squish(text));
  return m ? isoDate(m[1]!, m[2]!, m[3]!) : null;
}

/** `2025-11-16 08:30:00` (the events list's hidden sort key) → `2025-11-16`. */
export function parseIsoDate(text: string): string | null {
  const m = ISO_DATE.exec(squish(text));
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const check = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date ? null : date;
}

/** `Nov 16, 2025` or `Apr 23, 2025 to Apr 27, 2025` → start and end day (equal for one day). */
export function parseDateRange(text: string): { start: string; end: string } | null {
  const value = squish(text);
  const single = parseDate(value);
  if (single) return { start: single, end: single };
  const m = DATE_RANGE.exec(value);
  if (!m) return null;
  const start = isoDate(m[1]!, m[2]!, m[3]!);
  const end = isoDate(m[4]!, m[5]!, m[6]!);
  return start && end && start <= end ? { start, end } : null;
}

/** `Nov 16, 2025 at 5:30pm` (or `at 5pm`) → `2025-11-16T17:30`, venue-local wall clock. */
export function parseDateTime(text: string): string | null {
  const m = DATE_AT_TIME.exec(squish(text));
  if (!m) return null;
  const date = isoDate(m[1]!, m[2]!, m[3]!);
  const hour12 = Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  if (!date || hour12 < 1 || hour12 > 12 || minute > 59) return null;
  const hour = (hour12 % 12) + (m[6]!.toLowerCase() === 'p' ? 12 : 0);
  return `${date}T${pad(hour)}:${pad(minute)}`;
}

/** `38.17`, `30:31.382`, `1:02:03.456` → seconds. Minutes and seconds after the first field must be below 60. */
export function parseDuration(text: string): number | null {
  const value = text.trim();
  if (!/^\d+(?::\d{1,2}){0,2}(?:\.\d+)?$/.test(value)) return null;
  const parts = value.split(':');
  let seconds = 0;
  for (const [i, part] of parts.entries()) {
    const n = Number(part);
    if (i > 0 && n >= 60) return null;
    seconds = seconds * 60 + n;
  }
  // Sums of decimal fractions drift (1831.3820000000001); lap data has millisecond resolution.
  return Math.round(seconds * 1000) / 1000;
}

/** `Length: 30:00 Timed` / `Length: 6:00 Minutes` → seconds; a lap-count race (`Length: 3 Laps`) has no time length. */
export function parseRaceLength(text: string): number | null {
  const m = /^(?:length:\s*)?(\d+(?::\d{2}){1,2}(?:\.\d+)?)(?:\s+(?:timed|minutes?))?$/i.exec(squish(text));
  return m ? parseDuration(m[1]!) : null;
}

/** `4,129` / `6,753,663` / `71` → integer. */
export function parseCount(text: string): number | null {
  const value = squish(text);
  if (!/^\d{1,3}(?:,\d{3})+$|^\d+$/.test(value)) return null;
  return Number(value.replace(/,/g, ''));
}

/** A plain decimal such as `92.82%` (percent sign allowed) or `2.80`. */
export function parseDecimal(text: string): number | null {
  const value = squish(text).replace(/%$/, '');
  return /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : null;
}
