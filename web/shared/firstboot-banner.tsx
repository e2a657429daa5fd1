/** @module The banner both apps show while the box's config file (mre.toml or mre.json on the boot partition) has problems: each bad field by its path, until a good file is applied. */
import type { FirstbootProblems } from '../../shared/contracts/status.ts';

export function FirstbootBanner({ firstboot }: { firstboot: FirstbootProblems | null | undefined }) {
  if (!firstboot || firstboot.problems.length === 0) return null;
  return (
    <div class="firstboot-banner" role="alert">
      <strong>The box's config file has problems:</strong>
      <ul>
        {firstboot.problems.map((p) => (
          <li key={p.path}>
            <code>{p.path}</code>: {p.message}
          </li>
        ))}
      </ul>
      <small>The box runs on its previous settings. Fix {firstboot.file} and put it back on the boot partition.</small>
    </div>
  );
}
