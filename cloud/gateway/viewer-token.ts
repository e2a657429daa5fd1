/**
 * @module Viewer tokens for private tracks: signed like box tokens (cloud/ingest/token.ts, the same
 * secret), with the claims `{kind: "viewer", track_id, iat, jti}`, and `exp` on the short passes the
 * portal gives its signed-in members (a link handed out has none: its age limit is the config's). A box token is no viewer token and a
 * viewer token no box token: each kind's schema refuses the other's claims. Revoked with
 * `mre cloud token revoke <jti>` like a box token.
 */
import { z } from 'zod';
import { tokenSchema } from '../../shared/contracts/tokens.ts';
import { ulid, ULID_PATTERN } from '../../shared/ids/index.ts';
import { checkSigned, signClaims, type CheckOptions, type SignedCheck, type TokenKind } from '../ingest/token.ts';

export const viewerClaimsSchema = z.strictObject({
  kind: z.literal('viewer'),
  track_id: tokenSchema('track_id'),
  iat: z.number().int().nonnegative(),
  jti: z.string().regex(ULID_PATTERN),
  /** Seconds since 1970 after which the token is refused. */
  exp: z.number().int().nonnegative().optional(),
});

export type ViewerClaims = z.infer<typeof viewerClaimsSchema>;

const VIEWER_TOKEN: TokenKind<ViewerClaims> = {
  schema: viewerClaimsSchema,
  claims: 'not a viewer token (expected kind "viewer", track_id, iat and jti, as `mre cloud token issue --viewer` prints)',
  renew: 'ask for a new viewer token',
  maxAgeField: 'gateway.viewer_token_max_age_days',
};

/** `ttlS`: a pass that ends that many seconds after it is issued; none for a link handed out. */
export function issueViewerToken(secret: Buffer, trackId: string, nowS = Math.floor(Date.now() / 1000), ttlS?: number): { token: string; claims: ViewerClaims } {
  const claims = viewerClaimsSchema.parse({ kind: 'viewer', track_id: trackId, iat: nowS, jti: ulid(), ...(ttlS === undefined ? {} : { exp: nowS + ttlS }) });
  return { token: signClaims(secret, claims), claims };
}

export function checkViewerToken(secret: Buffer, token: string, options: CheckOptions = {}): SignedCheck<ViewerClaims> {
  const checked = checkSigned(secret, token, VIEWER_TOKEN, options);
  if (!checked.ok || checked.claims.exp === undefined) return checked;
  const now = options.nowS ?? Math.floor(Date.now() / 1000);
  if (now <= checked.claims.exp) return checked;
  const { jti, exp } = checked.claims;
  return { ok: false, reason: 'expired', error: `viewer pass ${jti} ended at ${new Date(exp * 1000).toISOString()}: open the board from the portal again`, jti };
}
