/** @module The console's Driver links section: member-driver links to review with their evidence, conflicts grouped by the driver members compete for, Confirm, and Reject after a second click; confirmed and rejected links listed on demand. */
import { useEffect, useState } from 'preact/hooks';
import './driver-links.css';
import { adminApi, type DriverLink } from './admin-api.ts';
import { ConfirmButton, Outcome } from './parts.tsx';
import { useAction } from './use-action.ts';

const VIEWS = [
  ['suggested,conflict', 'To review'],
  ['confirmed', 'Confirmed'],
  ['rejected', 'Rejected'],
] as const;

const percent = (x: number) => `${Math.round(x * 100)}%`;
const memberName = (l: { user_id: string; name: string | null }) => l.name ?? l.user_id;
const driverName = (l: DriverLink) => l.driver_name ?? l.driver_key;

/** Conflicts on one driver side by side, so the admin sees every member who claims it; other links one by one. */
function groups(links: DriverLink[]): DriverLink[][] {
  const byDriver = new Map<string, DriverLink[]>();
  const out: DriverLink[][] = [];
  for (const link of links) {
    if (link.status !== 'conflict') out.push([link]);
    else if (byDriver.has(link.driver_key)) byDriver.get(link.driver_key)!.push(link);
    else {
      const group = [link];
      byDriver.set(link.driver_key, group);
      out.push(group);
    }
  }
  return out;
}

function Evidence({ link }: { link: DriverLink }) {
  return (
    <ul class="evidence" aria-label={`Evidence for ${memberName(link.user)} as ${driverName(link)}`}>
      {link.events.map((e) => (
        <li key={e.event_id}>
          <span class="event-name">{e.name ?? `Event ${e.event_id}`}</span>
          <small>
            {e.date ?? 'no date'} · #{e.event_id}
          </small>
          <span class="match">
            {e.match_type === 'transponder' ? `transponder ${e.transponder ?? '?'}` : e.match_type === 'name' ? 'same name' : 'similar name'} · names {percent(e.similarity)} alike
          </span>
        </li>
      ))}
      {link.events_total > link.events.length && <li class="note">and {link.events_total - link.events.length} older events</li>}
    </ul>
  );
}

function LinkCard({ link, onDecide }: { link: DriverLink; onDecide: (verb: 'confirm' | 'reject', link: DriverLink) => void }) {
  const who = memberName(link.user);
  return (
    <article class="link-card" aria-label={`${who} as ${driverName(link)}`}>
      <header>
        <span class="grow">
          <strong>{who}</strong> <small>({link.user.user_id})</small>
          <br />
          is <strong>{driverName(link)}</strong> <small>({link.driver_key})</small>
        </span>
        <span class={`badge ${link.status}`}>{link.status}</span>
      </header>
      {link.user.transponders.length > 0 && <small>Member's transponders: {link.user.transponders.join(', ')}</small>}
      <Evidence link={link} />
      {link.competing.length > 0 && (
        <p class="note">Also claimed by {link.competing.map((c) => `${memberName(c)} (${c.user_id}, ${c.status})`).join(', ')}.</p>
      )}
      {link.status === 'conflict' && link.competing.length === 0 && <p class="note">No one else claims this driver now; it stays a conflict until its event is matched again.</p>}
      <div class="row">
        {link.status !== 'confirmed' && (
          <button type="button" class="primary" onClick={() => onDecide('confirm', link)}>
            Confirm
          </button>
        )}
        {link.status !== 'rejected' && <ConfirmButton label="Reject" question={`${who} is not ${driverName(link)}?`} onConfirm={() => onDecide('reject', link)} />}
      </div>
    </article>
  );
}

export function DriverLinksSection() {
  const [view, setView] = useState<string>(VIEWS[0][0]);
  const [links, setLinks] = useState<DriverLink[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const list = useAction<number>();
  const decide = useAction<string>();

  const load = (after: string | null) =>
    void list.run(async () => {
      const page = await adminApi.driverLinks(view, after);
      // A conflict's rival can come twice (on this page and an earlier one): keep one of each pair.
      setLinks((before) => {
        const all = after ? [...before, ...page.links] : page.links;
        const seen = new Set<string>();
        return all.filter((l) => !seen.has(`${l.user.user_id}.${l.driver_key}`) && !!seen.add(`${l.user.user_id}.${l.driver_key}`));
      });
      setNext(page.next);
      return page.links.length;
    });
  useEffect(() => load(null), [view]);

  const onDecide = (verb: 'confirm' | 'reject', link: DriverLink) =>
    void decide
      .run(() => adminApi.decideDriverLink(verb, link).then((r) => `${memberName(r.link.user)} ${verb === 'confirm' ? 'is' : 'is not'} ${driverName(r.link)}: ${r.link.status}.`))
      .then(() => load(null));

  return (
    <section class="panel driver-links" aria-labelledby="driver-links-title">
      <div class="row">
        <h2 id="driver-links-title">Driver links</h2>
        <label class="view-pick">
          Show
          <select name="driver-link-view" value={view} onChange={(e) => setView(e.currentTarget.value)}>
            {VIEWS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Outcome view={decide.view} done={(text) => text} />
      {list.view.kind === 'failed' && <Outcome view={list.view} done={() => null} />}
      {list.view.kind === 'done' && links.length === 0 && <p class="note">No links here.</p>}
      <ul class="link-list">
        {groups(links).map((group) => (
          <li key={`${group[0]!.user.user_id}.${group[0]!.driver_key}`} class={group.length > 1 ? 'conflict-group' : undefined}>
            {group.length > 1 && (
              <p class="conflict-title">
                {group.length} members claim <strong>{driverName(group[0]!)}</strong>: confirm one, reject the others.
              </p>
            )}
            {group.map((link) => (
              <LinkCard key={`${link.user.user_id}.${link.driver_key}`} link={link} onDecide={onDecide} />
            ))}
          </li>
        ))}
      </ul>
      {next && (
        <button type="button" onClick={() => load(next)} disabled={list.view.kind === 'busy'}>
          Show more
        </button>
      )}
    </section>
  );
}
