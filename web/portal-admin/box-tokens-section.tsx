/** @module The console's Box tokens section: issue one for a track and client (the token shown once, with a copy button), the issued ones listed, each revoked after a second click. */
import { useEffect, useState } from 'preact/hooks';
import { adminApi, type BoxToken } from './admin-api.ts';
import { ConfirmButton, Outcome } from './parts.tsx';
import { useAction } from './use-action.ts';

type Issued = BoxToken & { token: string };

function NewToken({ issued, onDone }: { issued: Issued; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(issued.token).then(
      () => setCopied('Copied.'),
      () => setCopied('This browser would not copy it: select the text and copy it by hand.'),
    );
  return (
    <div class="new-token" role="status">
      <p>
        Token for <strong>{issued.track_id}</strong> / <strong>{issued.client_id}</strong>. It is shown only now: put it into the box's config (cloud.token) before you leave.
      </p>
      <textarea class="token" readOnly aria-label="New box token" value={issued.token} onFocus={(e) => e.currentTarget.select()} />
      <div class="row">
        <button type="button" class="primary" onClick={() => void copy()}>
          Copy token
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
        {copied && <span class="note">{copied}</span>}
      </div>
    </div>
  );
}

export function BoxTokensSection() {
  const list = useAction<BoxToken[]>();
  const issue = useAction<Issued>();
  const revoke = useAction<{ jti: string; revoked_at: string }>();
  const [track, setTrack] = useState('');
  const [client, setClient] = useState('');
  const load = () => void list.run(adminApi.boxTokens);
  useEffect(load, []);
  const tokens = list.view.kind === 'done' ? list.view.value : [];

  const submit = async (e: Event) => {
    e.preventDefault();
    if (await issue.run(() => adminApi.issueBoxToken(track.trim(), client.trim()))) load();
  };

  return (
    <section class="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Box tokens</h2>
      <form class="row" onSubmit={(e) => void submit(e)}>
        <label>
          Track id
          <input name="track" autocapitalize="none" spellcheck={false} required value={track} onInput={(e) => setTrack(e.currentTarget.value)} />
        </label>
        <label>
          Client id
          <input name="client" autocapitalize="none" spellcheck={false} required value={client} onInput={(e) => setClient(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary" disabled={issue.view.kind === 'busy'}>
          Issue token
        </button>
      </form>
      {issue.view.kind === 'done' ? <NewToken issued={issue.view.value} onDone={issue.reset} /> : <Outcome view={issue.view} done={() => null} />}
      <Outcome view={revoke.view} done={(r) => `Token ${r.jti} revoked: ingest refuses it within seconds.`} />
      {list.view.kind !== 'done' && <Outcome view={list.view} done={() => null} />}
      {list.view.kind === 'done' && tokens.length === 0 && <p class="note">No box tokens issued here yet.</p>}
      <ul class="rows">
        {tokens.map((t) => (
          <li key={t.jti} class={t.revoked ? 'revoked' : ''}>
            <span class="grow">
              <strong>{t.track_id}</strong> / {t.client_id}
              <br />
              <small>
                {t.jti} · issued {new Date(t.issued_at).toLocaleString()} by {t.issued_by}
              </small>
            </span>
            {t.revoked ? (
              <span class="badge failed">revoked</span>
            ) : (
              <ConfirmButton label="Revoke" question={`Revoke ${t.client_id}'s token?`} onConfirm={() => void revoke.run(() => adminApi.revokeBoxToken(t.jti)).then(load)} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
