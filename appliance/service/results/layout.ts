/** @module The frame every results page shares: the document head with the print stylesheet, the links that do not print, the club and event heading, and the footer saying when the sheet was made. */
import { html, raw, type Html, type HtmlValue } from './html.ts';
import type { LocalTime } from './local-time.ts';

export interface SheetContext {
  /** `club.name`; the heading leaves the line out without one. */
  club: string | null;
  time: LocalTime;
  /** Box time (µs) the sheet is made at. */
  nowUs: number;
}

export interface PageParts {
  title: string;
  heading: string;
  /** Lines under the heading: the date, the classes, whether results are final. */
  meta: HtmlValue;
  /** Links shown on screen only. */
  links: { href: string; label: string }[];
  body: HtmlValue;
}

const DOCTYPE = raw('<!doctype html>');

export function page(ctx: SheetContext, parts: PageParts): Html {
  return html`${DOCTYPE}
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${parts.title}${ctx.club ? ` · ${ctx.club}` : ''}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/results/print.css">
</head>
<body>
<nav>${parts.links.map((l) => html`<a href="${l.href}">${l.label}</a>`)}</nav>
<header class="sheet-head">
${ctx.club ? html`<p class="club">${ctx.club}</p>` : ''}
<h1>${parts.heading}</h1>
${parts.meta}
</header>
<main>
${parts.body}
</main>
<footer>Made ${ctx.time.day(ctx.nowUs)} at ${ctx.time.clock(ctx.nowUs)} (${ctx.time.zone}) by the MRE Trackside timing box.</footer>
</body>
</html>
`;
}

/** A missing event, class or race: names it (`event “club-nite”`), and where to look instead. */
export function notFoundPage(ctx: SheetContext, what: string): Html {
  return page(ctx, {
    title: `No ${what}`,
    heading: `No ${what} on this box`,
    meta: html`<p class="meta">It was never set up here, or the address is mistyped.</p>`,
    links: [{ href: '/results/', label: 'All results' }],
    body: html`<p><a href="/results/">See every event this box holds</a>.</p>`,
  });
}
