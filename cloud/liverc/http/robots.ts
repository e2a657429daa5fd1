/** @module robots.txt as RFC 9309 reads it: the group for our product token (else `*`), longest-match Allow/Disallow, Crawl-delay. */

export interface RobotsRule {
  allow: boolean;
  /** The rule's path as written, after percent-encoding normalisation; its length decides precedence. */
  path: string;
  regex: RegExp;
}

export interface RobotsPolicy {
  rules: readonly RobotsRule[];
  /** Crawl-delay of the chosen group in ms; not in RFC 9309, but a site that sets it asks for that gap. */
  crawlDelayMs: number | null;
  /** Why this policy applies, for logs and error messages. */
  source: string;
}

export const allowAll = (source: string): RobotsPolicy => ({ rules: [], crawlDelayMs: null, source });
export const disallowAll = (source: string): RobotsPolicy => ({ rules: [rule(false, '/')], crawlDelayMs: null, source });

/** RFC 9309 §2.5: parsers must handle at least 500 KiB; anything past it is ignored. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

/** Upper-case percent escapes and escape what is not ASCII, so `%7e`, `%7E` and raw bytes compare alike. */
function normalise(path: string): string {
  return path
    .replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase())
    .replace(/[^\x21-\x7e]/g, (char) => encodeURIComponent(char));
}

function rule(allow: boolean, written: string): RobotsRule {
  const path = normalise(written);
  const anchored = path.endsWith('$');
  const body = anchored ? path.slice(0, -1) : path;
  const source = body
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { allow, path, regex: new RegExp(`^${source}${anchored ? '$' : ''}`) };
}

interface Group {
  agents: string[];
  rules: RobotsRule[];
  crawlDelays: number[];
}

/** Splits the file into groups: consecutive user-agent lines open one, the rules after them fill it. */
function groups(text: string): Group[] {
  const out: Group[] = [];
  let current: Group | null = null;
  let inRules = false;
  for (const raw of text.slice(0, ROBOTS_MAX_BYTES).split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (!current || inRules) {
        current = { agents: [], rules: [], crawlDelays: [] };
        out.push(current);
        inRules = false;
      }
      current.agents.push(value.toLowerCase());
    } else if (current && (key === 'allow' || key === 'disallow')) {
      inRules = true;
      // An empty Disallow allows everything; an empty Allow says nothing.
      if (value.startsWith('/') || value.startsWith('*')) current.rules.push(rule(key === 'allow', value));
    } else if (current && key === 'crawl-delay') {
      inRules = true;
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelays.push(seconds * 1000);
    }
  }
  return out;
}

/** The rules for `token` (case-insensitive product token): its own groups merged, else the `*` groups merged. */
export function parseRobots(text: string, token: string, source: string): RobotsPolicy {
  const all = groups(text);
  const ours = token.toLowerCase();
  const named = all.filter((g) => g.agents.some((agent) => /^[a-z_-]+/.exec(agent)?.[0] === ours));
  const chosen = named.length > 0 ? named : all.filter((g) => g.agents.includes('*'));
  const delays = chosen.flatMap((g) => g.crawlDelays);
  return {
    rules: chosen.flatMap((g) => g.rules),
    crawlDelayMs: delays.length > 0 ? Math.max(...delays) : null,
    source,
  };
}

/**
 * RFC 9309 §2.2.2: the matching rule with the most octets wins, Allow on a tie; no match allows.
 * `path` is the path and query as the host sees it. `/robots.txt` itself is always allowed.
 */
export function isAllowed(policy: RobotsPolicy, path: string): boolean {
  if (path === '/robots.txt') return true;
  const target = normalise(path);
  let best: RobotsRule | null = null;
  for (const candidate of policy.rules) {
    if (!candidate.regex.test(target)) continue;
    if (!best || candidate.path.length > best.path.length || (candidate.path.length === best.path.length && candidate.allow)) best = candidate;
  }
  return best?.allow ?? true;
}
