/** @module A table that scrolls sideways on a phone, as a focusable named region so a keyboard can scroll it too (axe's scrollable-region-focusable). */
import type { ComponentChildren } from 'preact';

export function TableRegion({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
