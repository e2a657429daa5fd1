/**
 * @module Viewer tokens for private tracks: signed like box tokens (cloud/ingest/token.ts, the same
 * secret), with the claims `{kind: "viewer", track_id, iat, jti}`. A box token is no viewer token and a
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
});

export type ViewerClaims = z.infer<typeof viewerClaimsSchema>;

const VIEWER_TOKEN: TokenKind<ViewerClaims> = {
  schema: viewerClaimsSchema,
  claims: 'not a viewer token (expected kind "viewer", track_id, iat and jti, as `mre cloud token issue --viewer` prints)',
  renew: 'ask for a new viewer token',
  maxAgeField: 'gateway.viewer_token_max_age_days',
};

export function issueViewerToken(secret: Buffer, trackId: string, nowS = Math.floor(Date.now() / 1000)): { token: string; claims: ViewerClaims } {
  const claims = viewerClaimsSchema.parse({ kind: 'viewer', track_id: trackId, iat: nowS, jti: ulid() });
  return { token: signClaims(secret, claims), claims };
}

export function checkViewerToken(secret: Buffer, token: string, options: CheckOptions = {}): SignedCheck<ViewerClaims> {
  return checkSigned(secret, token, VIEWER_TOKEN, options);
}
