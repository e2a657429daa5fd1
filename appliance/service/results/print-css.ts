/**
 * @module The results sheets' one stylesheet, served as `/results/print.css` (the pages' policy allows
 * no inline style). On screen: readable on a phone, tables scroll sideways; on a laptop a class's short
 * tables sit two abreast. On paper: no size is forced,
 * so the printer's A4 or Letter decides; the content fits the narrower and shorter of the two
 * (Letter's 216 mm width, A4's 297 mm is never needed), races never split across a page, and each
 * page is numbered.
 */
export const PRINT_CSS = `
:root { color-scheme: light; --ink: #111; --muted: #555; --rule: #bbb; --band: #f2f2f2; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 64rem; padding: 0.75rem; font: 15px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: #fff; }
a { color: #0b57d0; }
nav { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; margin-bottom: 0.75rem; font-size: 0.95rem; }
nav a { padding: 0.35rem 0; }
.sheet-head { border-bottom: 2px solid var(--ink); margin-bottom: 0.75rem; padding-bottom: 0.4rem; }
.club { margin: 0; font-size: 0.95rem; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
h1 { margin: 0.1rem 0; font-size: 1.5rem; line-height: 1.2; overflow-wrap: anywhere; }
h2 { margin: 1.25rem 0 0.4rem; font-size: 1.2rem; border-bottom: 1px solid var(--ink); overflow-wrap: anywhere; }
h3 { margin: 0; font-size: 1rem; overflow-wrap: anywhere; }
.meta, .note { margin: 0.15rem 0; color: var(--muted); font-size: 0.9rem; overflow-wrap: anywhere; }
.note.warn { color: #8a3b00; font-weight: 600; }
.race, .standings, .order { margin: 0.75rem 0 1rem; }
.race-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.2rem 0.75rem; margin-bottom: 0.25rem; }
.scroll { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; border-bottom: 1px solid var(--rule); }
th { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); border-bottom: 1.5px solid var(--ink); white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.name { overflow-wrap: break-word; min-width: 8rem; }
td.results { word-spacing: 0.5em; }
tbody tr:nth-child(even) { background: var(--band); }
.status-running, .status-staged { color: #8a3b00; }
.done { color: var(--muted); }
.moto-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr)); gap: 0 1.25rem; }
.moto-grid .order { margin: 0.4rem 0 0.75rem; }
/* Lane and plate as narrow as their numbers: the rider's name gets the rest. */
.moto td.num, .moto th.num { width: 1%; }
ul.classes { margin: 0.25rem 0; padding-left: 1.2rem; columns: 16rem; }
@media (max-width: 480px) {
  body { padding: 0.5rem; }
  table { font-size: 13px; }
  th, td { padding: 0.25rem 0.2rem; }
  th { font-size: 10px; letter-spacing: 0; }
  td.name { min-width: 6.5rem; }
  /* Results keep place, time and points on a phone's width; the lane is on the running order. */
  .race .lane { display: none; }
}
/* A laptop or wider: the sheet takes the screen; a class's short tables (meeting result, qualifying order, standings) sit two abreast with their numbers hugging the names, and races keep the full width for their columns. */
@media screen and (min-width: 1200px) {
  body { max-width: 100rem; padding: 0.75rem 1.5rem; }
  main { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); column-gap: 2rem; align-items: start; }
  main > * { grid-column: 1 / -1; }
  main > .standings { grid-column: auto; margin: 0.5rem 0; }
  .standings td.num, .standings th.num { width: 1%; }
}
footer { margin-top: 1.5rem; border-top: 1px solid var(--rule); padding-top: 0.3rem; color: var(--muted); font-size: 0.8rem; }

@page { margin: 12mm 10mm 14mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, Arial, sans-serif; color: #555; } }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  nav, .no-print { display: none; }
  a { color: inherit; text-decoration: none; }
  h1 { font-size: 16pt; }
  h2 { font-size: 12pt; break-after: avoid; }
  .race, .standings, .order { break-inside: avoid; }
  /* Two motos side by side: a 40-moto day on a few sheets for the staging board. */
  .moto-grid { grid-template-columns: 1fr 1fr; gap: 0 8mm; }
  .scroll { overflow: visible; }
  th, td { padding: 1.2pt 4pt; }
  th { font-size: 7.5pt; }
  tbody tr:nth-child(even) { background: none; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  footer { font-size: 7.5pt; }
}
`;
