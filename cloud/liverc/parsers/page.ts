/** @module Loading a saved LiveRC page for one parser: the completeness check, the DOM, the page_format error that names the page kind, and text utilities. */
import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { LiveRcError, type ErrorCode, type PageKind } from '../types.ts';
import { squish } from './values.ts';

export interface ParseContext {
  /** Where the page came from; copied into error details. */
  url?: string;
}

/** The loaded page plus the kind and context every error of its parser carries. */
export interface Page {
  $: CheerioAPI;
  kind: PageKind;
  context: ParseContext;
}

const MAX_QUOTE = 60;

/** A short, markup-free rendering of a page value for an error message (messages never carry raw HTML). */
export function quote(value: string): string {
  const clean = squish(value).replace(/[<>]/g, ' ').replace(/\s+/g, ' ');
  return JSON.stringify(clean.length > MAX_QUOTE ? `${clean.slice(0, MAX_QUOTE)}…` : clean);
}

export function pageError(page: Pick<Page, 'kind' | 'context'>, code: ErrorCode, problem: string): LiveRcError {
  const details = page.context.url === undefined ? { kind: page.kind } : { kind: page.kind, url: page.context.url };
  return new LiveRcError(code, `${page.kind} page: ${problem}`, details);
}

/** The page is not the expected type, or lacks a part it must have. */
export function formatError(page: Pick<Page, 'kind' | 'context'>, problem: string): LiveRcError {
  return pageError(page, 'page_format', problem);
}

/**
 * Parses with htmlparser2 rather than cheerio's default parse5: it is about six times faster on
 * a 160 KB race page (the bench goal is 15 ms) and LiveRC markup is regular enough for it.
 * A page without its closing `</html>` was cut off in transit or on disk; parsing such a page
 * would yield a plausible-looking prefix (fewer races, fewer rows), so it is refused up front.
 */
export function loadPage(kind: PageKind, html: string, context: ParseContext = {}): Page {
  const page = { kind, context };
  if (typeof html !== 'string' || html.trim() === '') throw formatError(page, 'the document is empty');
  if (!/<html[\s>]/i.test(html)) throw formatError(page, 'the document is not an HTML page');
  if (!/<\/html\s*>\s*$/i.test(html.slice(-4096))) throw formatError(page, 'the document is truncated (it does not end with the closing html tag)');
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  return { $, kind, context };
}

/** Whitespace-collapsed text of a selection. */
export function textOf(node: Cheerio<AnyNode>): string {
  return squish(node.text());
}

/**
 * Element filters written as `tag` or `.class`. The DOM is walked directly rather than through
 * cheerio selectors: compiling a selector per table cell cost more than parsing the whole page.
 */
export type Filter = readonly string[];

function matches(el: Element, filter: Filter): boolean {
  for (const f of filter) {
    if (f.startsWith('.') ? hasClass(el, f.slice(1)) : el.name === f) return true;
  }
  return false;
}

export function isElement(node: AnyNode): node is Element {
  return node.nodeType === 1;
}

export function hasClass(el: Element, name: string): boolean {
  const list = el.attribs.class;
  return list !== undefined && list.split(/\s+/).includes(name);
}

/** The first descendant element matching the filter, depth first. */
export function findFirst(node: AnyNode, filter: Filter): Element | null {
  if (!('children' in node)) return null;
  for (const child of node.children) {
    if (!isElement(child)) continue;
    if (matches(child, filter)) return child;
    const inner = findFirst(child, filter);
    if (inner) return inner;
  }
  return null;
}

/** Text content with the elements matching `skip` (and comments) left out. */
export function rawText(node: AnyNode, skip: Filter = []): string {
  if (node.nodeType === 3) return (node as AnyNode & { data: string }).data;
  if (!('children' in node) || (isElement(node) && matches(node, skip))) return '';
  let out = '';
  for (const child of node.children) out += rawText(child, skip);
  return out;
}

/** Whitespace-collapsed text of an element with some descendants (hidden sort keys, icons, notes) left out. */
export function textWithout(node: Cheerio<Element> | Element, skip: Filter): string {
  const nodes = 'toArray' in node ? node.toArray() : [node];
  return squish(nodes.map((n) => rawText(n, skip)).join(''));
}

/** Text of a table cell with LiveRC's `div.hidden` / `span.hidden` sort keys left out. */
export function visibleText(node: Cheerio<Element> | Element): string {
  return textWithout(node, ['.hidden']);
}

/** The value of a query parameter in a LiveRC link, whether its `&` is raw or `&amp;` and in any order. */
export function queryParam(href: string | undefined, name: string): string | null {
  if (!href) return null;
  const query = href.includes('?') ? href.slice(href.indexOf('?') + 1) : '';
  for (const pair of query.replace(/&amp;/g, '&').split('&')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at) === name) return pair.slice(at + 1).split('#')[0] ?? null;
  }
  return null;
}

/** The text of the page's first `h1/h3/h5.page-header` (track, event, date on LiveRC pages); null when absent or empty. */
export function pageHeader($: CheerioAPI, level: 'h1' | 'h3' | 'h5'): string | null {
  const text = textOf($(`${level}.page-header`).first());
  return text === '' ? null : text;
}
