/**
 * @module A strict reader of the Prometheus text exposition format 0.0.4, written from the format's
 * description rather than taken from the library that writes it, so a test catches what a scraper
 * would refuse: a malformed line, a sample of an undeclared family, a histogram whose buckets are not
 * cumulative or whose +Inf bucket disagrees with its count.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export class Exposition {
  constructor(readonly families: ReadonlyMap<string, Family>) {}

  family(name: string): Family {
    const family = this.families.get(name);
    if (!family) throw new Error(`no metric family ${name} in the exposition`);
    return family;
  }

  /** The one sample of `name` (a family or a histogram's `_count`/`_sum`) whose labels include `labels`. */
  value(name: string, labels: Record<string, string> = {}): number {
    const family = this.families.get(name) ?? this.families.get(name.replace(/_(count|sum|bucket)$/, ''));
    if (!family) throw new Error(`no metric family for ${name}`);
    const matches = family.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    if (matches.length !== 1) throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`);
    return matches[0]!.value;
  }
}

export function parseExposition(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, Family>();
  const declare = (name: string): Family => {
    if (!NAME.test(name)) throw new Error(`bad metric name ${JSON.stringify(name)}`);
    let family = families.get(name);
    if (!family) families.set(name, (family = { name, type: 'untyped', help: '', samples: [] }));
    return family;
  };
  text.split('\n').forEach((line, index) => {
    const where = `line ${index + 1} ${JSON.stringify(line)}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) return; // a plain comment
      const family = declare(m[2]!);
      if (m[1] === 'HELP') family.help = m[3]!;
      else {
        if (!TYPES.has(m[3] as MetricType)) throw new Error(`${where}: unknown type`);
        if (family.samples.length > 0) throw new Error(`${where}: TYPE after the family's samples`);
        family.type = m[3] as MetricType;
      }
      return;
    }
    const sample = parseSample(line, where);
    const family = families.get(familyName(sample.name, families));
    if (!family) throw new Error(`${where}: sample of a family never declared`);
    family.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return new Exposition(families);
}

function familyName(sample: string, families: ReadonlyMap<string, Family>): string {
  const base = sample.replace(/_(bucket|sum|count)$/, '');
  return base !== sample && families.get(base)?.type === 'histogram' ? base : sample;
}

function parseSample(line: string, where: string): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/.exec(line);
  if (!m) throw new Error(`${where}: not a sample line`);
  return { name: m[1]!, labels: m[3] === undefined ? {} : parseLabels(m[3], where), value: parseValue(m[4]!, where) };
}

function parseLabels(body: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pair = /([^=,]+)="((?:[^"\\]|\\.)*)"(,|$)/y;
  while (pair.lastIndex < body.length) {
    const m = pair.exec(body);
    if (!m) throw new Error(`${where}: bad label list`);
    const name = m[1]!;
    if (!LABEL_NAME.test(name)) throw new Error(`${where}: bad label name ${JSON.stringify(name)}`);
    if (name in labels) throw new Error(`${where}: label ${name} twice`);
    labels[name] = m[2]!.replace(/\\(.)/g, (_, c: string) => {
      if (c === 'n') return '\n';
      if (c === '\\' || c === '"') return c;
      throw new Error(`${where}: bad escape \\${c}`);
    });
  }
  return labels;
}

function parseValue(text: string, where: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: bad value ${text}`);
  return Number(text);
}

function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number; sum?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(rest);
    let entry = series.get(key);
    if (!entry) series.set(key, (entry = { buckets: [] }));
    if (s.name === `${family.name}_bucket`) {
      if (le === undefined) throw new Error(`${family.name}: bucket without le`);
      entry.buckets.push([parseValue(le, family.name), s.value]);
    } else if (s.name === `${family.name}_count`) entry.count = s.value;
    else if (s.name === `${family.name}_sum`) entry.sum = s.value;
    else throw new Error(`${family.name}: unexpected sample ${s.name} in a histogram`);
  }
  for (const [key, { buckets, count, sum }] of series) {
    if (count === undefined || sum === undefined) throw new Error(`${family.name}${key}: _count or _sum missing`);
    const last = buckets.at(-1);
    if (!last || last[0] !== Infinity) throw new Error(`${family.name}${key}: no +Inf bucket last`);
    if (last[1] !== count) throw new Error(`${family.name}${key}: +Inf bucket ${last[1]} is not _count ${count}`);
    for (let i = 1; i < buckets.length; i++) {
      if (!(buckets[i]![0] > buckets[i - 1]![0] && buckets[i]![1] >= buckets[i - 1]![1])) throw new Error(`${family.name}${key}: buckets not increasing and cumulative`);
    }
  }
}
