/** @module The portal's admin console at `/portal/admin/`: after sign-in, LiveRC syncs and re-imports, import jobs, box tokens, users and driver links to review; a member sees only that this page is for admins. */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import '../shared/base.css';
import '../portal/portal.css';
import './admin.css';
import type { PortalUser } from '../portal/api.ts';
import { PortalBar } from '../portal/portal-bar.tsx';
import { SignedInGate } from '../portal/signed-in-gate.tsx';
import { BoxTokensSection } from './box-tokens-section.tsx';
import { DriverLinksSection } from './driver-links-section.tsx';
import { JobsSection } from './jobs-section.tsx';
import { LiveRcSection } from './liverc-section.tsx';
import { UsersSection } from './users-section.tsx';

function Console({ user, onSignOut }: { user: PortalUser; onSignOut: () => void }) {
  const [jobsReload, setJobsReload] = useState(0);
  return (
    <>
      <PortalBar title="MRE admin" user={user} onSignOut={onSignOut} />
      {user.role !== 'admin' ? (
        <main class="narrow">
          <section class="panel" aria-labelledby="refused-title">
            <h2 id="refused-title">Admins only</h2>
            <p>This console is for the portal's admins. Your account is a member's: the portal itself is <a href="/portal/">here</a>.</p>
          </section>
        </main>
      ) : (
        <main class="console">
          <LiveRcSection onJob={() => setJobsReload((n) => n + 1)} />
          <JobsSection reload={jobsReload} />
          <BoxTokensSection />
          <UsersSection me={user.name} />
          <DriverLinksSection />
        </main>
      )}
    </>
  );
}

render(<SignedInGate title="MRE admin">{(user, signOut) => <Console user={user} onSignOut={signOut} />}</SignedInGate>, document.getElementById('app')!);
