/** @module Every LiveRC URL the connector requests, built in one place from two host templates, with slug and id checks. */

/**
 * Where LiveRC lives. `track` holds `{slug}`: one host per track on the real site
 * (`https://{slug}.liverc.com`), a path prefix on a loopback test server (`http://127.0.0.1:PORT/{slug}`).
 */
export interface LiveRcHosts {
  catalogue: string;
  track: string;
}

export const DEFAULT_HOSTS: Readonly<LiveRcHosts> = {
  catalogue: 'https://live.liverc.com',
  track: 'https://{slug}.liverc.com',
};

/** Slugs become host labels, so only what a DNS label may hold (lower case; LiveRC links are lower case). */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ID = /^[0-9]{1,12}$/;

/** A slug, id or host template the connector refuses; thrown before any request is made. */
export class LiveRcUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiveRcUrlError';
  }
}

export function assertSlug(slug: string): string {
  if (!SLUG.test(slug)) {
    throw new LiveRcUrlError(`track slug ${JSON.stringify(slug)} must be lowercase letters, digits and "-" (as in https://{slug}.liverc.com)`);
  }
  return slug;
}

export function assertId(what: string, id: string): string {
  if (!ID.test(id)) throw new LiveRcUrlError(`${what} ${JSON.stringify(id)} must be 1-12 digits, as in LiveRC's "&id=" links`);
  return id;
}

function base(what: string, template: string): string {
  let url: URL;
  try {
    url = new URL(template.replace('{slug}', 'slug'));
  } catch {
    throw new LiveRcUrlError(`hosts.${what} ${JSON.stringify(template)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new LiveRcUrlError(`hosts.${what} must be http(s), not ${url.protocol}`);
  if (url.search || url.hash) throw new LiveRcUrlError(`hosts.${what} must not carry a query or fragment`);
  return template.replace(/\/+$/, '');
}

export interface LiveRcUrls {
  trackList(): string;
  dashboard(slug: string): string;
  eventList(slug: string): string;
  event(slug: string, eventId: string): string;
  entryList(slug: string, eventId: string): string;
  raceResult(slug: string, raceId: string): string;
  /** The robots.txt that governs `url`: the root of its LiveRC host (a path prefix on a test server). */
  robots(url: string): string;
  /** `url`'s path and query as its LiveRC host sees them, which is what robots.txt rules are matched against. */
  sitePath(url: string): string;
  /**
   * The politeness queue `url` belongs to: `site:<base domain>` for the LiveRC base domain and
   * every subdomain of it (every track host and the catalogue), else the URL's own origin.
   */
  queueKey(url: string): string;
  /** The base domain every LiveRC host shares (`liverc.com` by default). */
  readonly baseDomain: string;
}

/**
 * What follows `{slug}.` in the track template's host (`liverc.com` for `https://{slug}.liverc.com`);
 * the host itself when `{slug}` is a path prefix (a loopback test server).
 */
export function baseDomainOf(trackTemplate: string): string {
  const host = new URL(trackTemplate.replace('{slug}', 'slug')).hostname.toLowerCase();
  const slugInHost = /^[a-z][a-z0-9+.-]*:\/\/\{slug\}\./i.test(trackTemplate);
  return slugInHost ? host.slice('slug.'.length) : host;
}

export function liveRcUrls(hosts: LiveRcHosts = DEFAULT_HOSTS): LiveRcUrls {
  const catalogue = base('catalogue', hosts.catalogue);
  const track = base('track', hosts.track);
  if (!track.includes('{slug}')) throw new LiveRcUrlError(`hosts.track ${JSON.stringify(hosts.track)} must contain {slug}`);
  const trackRoot = (slug: string) => track.replace('{slug}', assertSlug(slug));
  const results = (slug: string, view: string, what: string, id: string) => `${trackRoot(slug)}/results/?p=${view}&id=${assertId(what, id)}`;

  // The template split around {slug}, to find which track a URL belongs to.
  const trackHead = track.slice(0, track.indexOf('{slug}'));
  const siteRoot = (url: string): string => {
    if (url === catalogue || url.startsWith(`${catalogue}/`)) return catalogue;
    if (url.startsWith(trackHead)) {
      const rest = url.slice(trackHead.length);
      const slug = /^[a-z0-9-]+/.exec(rest)?.[0];
      if (slug && SLUG.test(slug)) {
        const root = trackRoot(slug);
        if (url === root || url.startsWith(`${root}/`)) return root;
      }
    }
    return new URL(url).origin;
  };

  const baseDomain = baseDomainOf(track);
  const queueKey = (url: string): string => {
    const parsed = new URL(url);
    const host = parsed.hostname.toLowerCase();
    return host === baseDomain || host.endsWith(`.${baseDomain}`) ? `site:${baseDomain}` : parsed.origin;
  };

  return {
    baseDomain,
    queueKey,
    trackList: () => `${catalogue}/`,
    dashboard: (slug) => `${trackRoot(slug)}/`,
    eventList: (slug) => `${trackRoot(slug)}/events/`,
    event: (slug, eventId) => results(slug, 'view_event', 'event id', eventId),
    entryList: (slug, eventId) => results(slug, 'view_entry_list', 'event id', eventId),
    raceResult: (slug, raceId) => results(slug, 'view_race_result', 'race id', raceId),
    robots: (url) => `${siteRoot(url)}/robots.txt`,
    sitePath(url) {
      const rest = url.slice(siteRoot(url).length);
      return rest.startsWith('/') ? rest : `/${rest}`;
    },
  };
}
