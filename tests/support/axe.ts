/** @module An accessibility check of a page in headless Chromium: axe-core's WCAG 2 A and AA rules, run in the page, its violations as readable lines. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/**
 * The page's accessibility violations, one line per rule and element, empty when it passes.
 * The source goes in by evaluation rather than a script tag, since the pages' CSP refuses
 * inline scripts; `exclude` names parts to leave out (a canvas chart drawn by uPlot, say).
 */
export async function axeViolations(page: Page, options: { exclude?: string[]; disable?: string[] } = {}): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async ({ exclude, disable }) => {
      const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> } }).axe;
      const context = exclude.length ? { include: [['html']], exclude: exclude.map((s) => [s]) } : document;
      const rules = Object.fromEntries(disable.map((id) => [id, { enabled: false }]));
      const result = await axe.run(context, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, rules });
      return result.violations;
    },
    { exclude: options.exclude ?? [], disable: options.disable ?? [] },
  );
  return (violations as AxeViolation[]).flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} at ${n.target.join(' ')}`));
}
