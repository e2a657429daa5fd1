/** @module The bar at the top of every portal page: the page's name, who is signed in, and sign-out. */
import type { PortalUser } from './api.ts';

export function PortalBar({ title, user, onSignOut }: { title: string; user: PortalUser; onSignOut: () => void }) {
  return (
    <header class="bar">
      <h1>{title}</h1>
      <span class="who">
        {user.name} <small>({user.role})</small>
      </span>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
