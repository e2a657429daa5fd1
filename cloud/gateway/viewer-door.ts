/**
 * @module Who may watch a track: every track is public unless `gateway.private_tracks` names it; a
 * private track's viewer brings a viewer token for that track (`?token=` or `Authorization: Bearer`),
 * checked for signature, age and revocation. Each refusal says what is wrong and what to do.
 */
import type { CheckOptions } from '../ingest/token.ts';
import { checkViewerToken } from './viewer-token.ts';

export type ViewerVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string; error: string };

export interface ViewerDoorOptions {
  /** Null when no track is private (no secret needed then). */
  secret: Buffer | null;
  privateTracks: readonly string[];
  maxAgeDays: number;
  revocations: { has(jti: string): boolean } | null;
}

/** The token from `?token=`, else from `Authorization: Bearer …`; a header of another form is reported as such. */
export function viewerTokenOf(queryToken: string | undefined, authorization: string | undefined): string | { malformed: string } | undefined {
  if (queryToken !== undefined && queryToken !== '') return queryToken;
  if (authorization === undefined) return undefined;
  const match = /^Bearer +(\S+)$/i.exec(authorization);
  return match ? match[1] : { malformed: 'Authorization must be "Bearer <viewer token>"' };
}

export class ViewerDoor {
  readonly #private: ReadonlySet<string>;

  constructor(private readonly options: ViewerDoorOptions) {
    this.#private = new Set(options.privateTracks);
    if (this.#private.size > 0 && !options.secret) throw new Error('private tracks need the token secret (ingest.token_secret or ingest.token_secret_file) to check viewer tokens');
  }

  isPrivate(trackId: string): boolean {
    return this.#private.has(trackId);
  }

  check(trackId: string, token: ReturnType<typeof viewerTokenOf>, checkOptions: CheckOptions = {}): ViewerVerdict {
    if (!this.#private.has(trackId)) return { ok: true };
    const refuse = (status: 401 | 403, reason: string, error: string): ViewerVerdict => ({ ok: false, status, reason, error });
    if (token === undefined) return refuse(401, 'missing', `track_id "${trackId}" is private: send a viewer token for it as ?token= or Authorization: Bearer (mre cloud token issue --viewer --track ${trackId})`);
    if (typeof token !== 'string') return refuse(401, 'malformed', token.malformed);
    const checked = checkViewerToken(this.options.secret!, token, { maxAgeDays: this.options.maxAgeDays, ...checkOptions });
    if (!checked.ok) return refuse(401, checked.reason, checked.error);
    const { jti, track_id } = checked.claims;
    if (this.options.revocations?.has(jti)) return refuse(401, 'revoked', `viewer token ${jti} has been revoked: ask for a new one`);
    if (track_id !== trackId) return refuse(403, 'other_track', `this viewer token is for track_id "${track_id}", not "${trackId}"`);
    return { ok: true };
  }
}
