/** @module One journald line: `<priority>namespace: message key=value …`, values quoted only when they must be. */

export type Level = 'error' | 'warn' | 'info' | 'debug';
export type FieldValue = string | number | boolean | bigint | null | undefined | Error | readonly unknown[] | object;
export type Fields = Readonly<Record<string, FieldValue>>;

/** syslog priorities journald reads from a `<N>` line prefix (SyslogLevelPrefix=, on by default). */
export const PRIORITY: Readonly<Record<Level, number>> = { error: 3, warn: 4, info: 6, debug: 7 };

function quote(text: string): string {
  // Every log event must stay on one line: journald makes each line its own entry.
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return /^[^\s="\\]+$/.test(text) ? escaped : `"${escaped}"`;
}

export function formatValue(value: FieldValue): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Error) return quote(value.message);
  if (typeof value === 'function') return quote('[function]');
  try {
    return quote(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value));
  } catch {
    // A circular or otherwise unserialisable value must not cost the whole log event.
    return quote(`[unserialisable ${Object.prototype.toString.call(value)}]`);
  }
}

export function formatLine(level: Level, namespace: string, message: string, fields?: Fields): string {
  let line = `<${PRIORITY[level]}>${namespace}: ${message.replace(/\r\n|\r|\n/g, ' ')}`;
  if (fields) {
    for (const key in fields) {
      const value = fields[key];
      if (value !== undefined) line += ` ${key}=${formatValue(value)}`;
    }
  }
  return line;
}
