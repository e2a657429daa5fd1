/** @module Every parser against pages it must refuse: another page type, a page cut short, an empty or non-LiveRC document; and determinism over all pages. */
import { describe, expect, it } from 'vitest';
import { isPageKind, PAGE_KINDS, parsePage } from '../../../../cloud/liverc/parsers/index.ts';
import type { PageKind } from '../../../../cloud/liverc/types.ts';
import { describeWithShared } from '../../../support/shared-fixtures.ts';
import { expectRefused, ownPage, refusal, REAL_PAGES, realPage } from './pages.ts';

/** The kind each page is; pages of kinds the connector does not parse (practice, points) are refused by every parser. */
const REAL_KINDS: Record<keyof typeof REAL_PAGES, PageKind | null> = {
  dashboardThunderAlley: 'dashboard',
  dashboardTrc: 'dashboard',
  event: 'event',
  eventList: 'event-list',
  practiceDay: null,
  practiceMonth: null,
  practiceSession: null,
  aMain: 'race-result',
  aMainReformatted: 'race-result',
  bMain: 'race-result',
  bMainReformatted: 'race-result',
  points: null,
};
const OWN_PAGES: Record<string, PageKind> = { 'track-list.html': 'track-list', 'entry-list.html': 'entry-list', 'race-result-apostrophes.html': 'race-result' };

const CUTS = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99];

describeWithShared('liverc page refusals (real pages)', Object.values(REAL_PAGES), () => {
  it('liverc page refusals - each real page is refused as page_format by every parser of another kind, naming that kind', () => {
    for (const [key, path] of Object.entries(REAL_PAGES)) {
      const html = realPage(path);
      for (const kind of PAGE_KINDS.filter((k) => k !== REAL_KINDS[key as keyof typeof REAL_PAGES])) {
        const error = refusal(() => parsePage(kind, html));
        expect(error.code, `${key} as ${kind}`).toBe('page_format');
        expect(error.message.startsWith(`${kind} page: `), error.message).toBe(true);
        expect(error.details.kind).toBe(kind);
      }
    }
  });

  it('liverc page refusals - each real page cut short anywhere is refused, never half parsed', () => {
    for (const [key, path] of Object.entries(REAL_PAGES)) {
      const kind = REAL_KINDS[key as keyof typeof REAL_PAGES];
      if (kind === null) continue;
      const html = realPage(path);
      expect(() => parsePage(kind, html), key).not.toThrow();
      for (const cut of CUTS) {
        const error = refusal(() => parsePage(kind, html.slice(0, Math.floor(html.length * cut))));
        expect(['page_format', 'missing_lap_data'], `${key} cut at ${cut}`).toContain(error.code);
      }
    }
  });

  it('liverc page refusals - a page cut in half says it is truncated', () => {
    const html = realPage(REAL_PAGES.event);
    expectRefused(() => parsePage('event', html.slice(0, html.length / 2)), 'page_format', /^event page: the document is truncated \(it does not end with the closing html tag\)$/);
  });

  it('liverc page refusals - every real page parses to the same JSON twice', () => {
    for (const [key, path] of Object.entries(REAL_PAGES)) {
      const kind = REAL_KINDS[key as keyof typeof REAL_PAGES];
      if (kind === null) continue;
      const html = realPage(path);
      expect(JSON.stringify(parsePage(kind, html)), key).toBe(JSON.stringify(parsePage(kind, html)));
    }
  });
});

describe('liverc page refusals (project pages)', () => {
  it('liverc page refusals - the project pages are refused by the parsers of other kinds', () => {
    for (const [name, own] of Object.entries(OWN_PAGES)) {
      const html = ownPage(name);
      for (const kind of PAGE_KINDS.filter((k) => k !== own)) expect(refusal(() => parsePage(kind, html)).code, `${name} as ${kind}`).toBe('page_format');
    }
  });

  it('liverc page refusals - the project pages cut short are refused', () => {
    for (const [name, kind] of Object.entries(OWN_PAGES)) {
      const html = ownPage(name);
      for (const cut of CUTS) expect(['page_format', 'missing_lap_data'], `${name} cut at ${cut}`).toContain(refusal(() => parsePage(kind, html.slice(0, Math.floor(html.length * cut)))).code);
    }
  });

  it('liverc page refusals - empty text, plain text and a bare JSON body are page_format for every kind', () => {
    for (const kind of PAGE_KINDS) {
      expectRefused(() => parsePage(kind, ''), 'page_format', /the document is empty/);
      expectRefused(() => parsePage(kind, 'Service Unavailable'), 'page_format', /the document is not an HTML page/);
      expectRefused(() => parsePage(kind, '<html><body><pre>{"ok":true}</pre></body></html>'), 'page_format');
    }
  });

  it('liverc page refusals - the url given as context is carried in the error details', () => {
    const error = expectRefused(() => parsePage('dashboard', '<html></html>', { url: 'https://trc.liverc.com/' }), 'page_format');
    expect(error.details).toEqual({ kind: 'dashboard', url: 'https://trc.liverc.com/' });
  });

  it('liverc page refusals - isPageKind knows exactly the six kinds', () => {
    expect(PAGE_KINDS).toEqual(['track-list', 'dashboard', 'event-list', 'event', 'entry-list', 'race-result']);
    expect(PAGE_KINDS.every(isPageKind)).toBe(true);
    for (const other of ['practice', 'race', 'toString', '__proto__', '']) expect(isPageKind(other), other).toBe(false);
  });
});
