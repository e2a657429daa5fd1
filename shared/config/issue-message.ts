/** @module How a bad configuration value is worded: numbers name their whole range, and the value given is quoted back (never a secret's). */
import type { z } from 'zod';

type Bound = { value: number; inclusive: boolean } | undefined;

interface CheckDef {
  check?: string;
  value?: number;
  inclusive?: boolean;
  format?: string;
}

interface NumberSchemaShape {
  _zod?: { def?: { checks?: { _zod?: { def?: CheckDef } }[] } };
}

const tighter = (a: Bound, b: Bound, lower: boolean): Bound => (!a ? b : !b ? a : (lower ? b.value > a.value : b.value < a.value) ? b : a);

/** `a whole number from 0 to 65535`, `a number above 0`, `a whole number of at least 1000`: read from the schema's own checks. */
export function describeNumberRange(schema: NumberSchemaShape): string {
  let whole = false;
  let min: Bound;
  let max: Bound;
  for (const check of schema._zod?.def?.checks ?? []) {
    const def = check._zod?.def ?? {};
    if (def.check === 'number_format' && /int/.test(def.format ?? '')) whole = true;
    if (def.check === 'greater_than' && def.value !== undefined) min = tighter(min, { value: def.value, inclusive: def.inclusive ?? true }, true);
    if (def.check === 'less_than' && def.value !== undefined) max = tighter(max, { value: def.value, inclusive: def.inclusive ?? true }, false);
  }
  // For whole numbers "above 0" reads better as "from 1".
  if (whole && min && !min.inclusive) min = { value: min.value + 1, inclusive: true };
  if (whole && max && !max.inclusive) max = { value: max.value - 1, inclusive: true };
  const kind = whole ? 'a whole number' : 'a number';
  if (min?.inclusive && max?.inclusive) return `${kind} from ${min.value} to ${max.value}`;
  const parts = [min && (min.inclusive ? `of at least ${min.value}` : `above ${min.value}`), max && (max.inclusive ? `of at most ${max.value}` : `below ${max.value}`)].filter(Boolean);
  return parts.length ? `${kind} ${parts.join(' and ')}` : kind;
}

/** A zod error map for parsing configuration: number issues say the range expected; others keep zod's wording. */
export const numberIssueMessage: z.core.$ZodErrorMap = (issue) => {
  const numeric =
    ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'number') ||
    (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int'));
  if (!numeric) return undefined;
  // `schema` is the field being parsed, with every check chained on it; `inst` only the failing check.
  const owner = (issue as { schema?: unknown }).schema as NumberSchemaShape | undefined;
  return `expected ${owner ? describeNumberRange(owner) : 'a number'}`;
};

const SECRET = /token|secret|password|pin|psk/i;
/** `scheme://user:password@` at the start of a value: a credential whatever the field is called. */
const URL_CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/i;

/**
 * The value given, for the end of a problem line: JSON-quoted from a file, as typed from an
 * environment variable; nothing for secrets, objects and absent values, and a URL's
 * `user:password@` as `***@`.
 */
export function describeValue(value: unknown, path: readonly PropertyKey[], fromEnv: boolean): string | undefined {
  if (path.some((key) => typeof key === 'string' && SECRET.test(key))) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  const shown = value.replace(URL_CREDENTIALS, '$1***@');
  const text = shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  return fromEnv ? text : JSON.stringify(text);
}
