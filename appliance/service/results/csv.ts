/** @module CSV as spreadsheets read it (RFC 4180, CRLF, UTF-8 with a byte-order mark so Excel keeps accented names), with cells that a spreadsheet would run as a formula made inert. */

/** A leading `=`, `+`, `-`, `@`, tab or CR makes Excel and LibreOffice evaluate the cell: a rider named `=HYPERLINK(…)` must stay a name. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((cells) => cells.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
