/** @module `mre cloud token issue --viewer --track T`: a viewer token for a private track's live feed, printed as the box tokens are. */
import type { GatewayConfig } from '../../cloud/gateway/config.ts';
import { issueViewerToken } from '../../cloud/gateway/viewer-token.ts';

export function printViewerToken(secret: Buffer, trackId: string, gateway: GatewayConfig, json: boolean): number {
  const { token, claims } = issueViewerToken(secret, trackId);
  const issuedAt = new Date(claims.iat * 1000).toISOString();
  if (json) {
    process.stdout.write(`${JSON.stringify({ token, jti: claims.jti, kind: claims.kind, track_id: claims.track_id, issued_at: issuedAt })}\n`);
    return 0;
  }
  process.stdout.write(`${token}\n`);
  const expiry = gateway.viewer_token_max_age_days > 0 ? `, valid for ${gateway.viewer_token_max_age_days} days` : '';
  const unused = gateway.private_tracks.includes(trackId) ? '' : `\nnote: ${trackId} is not in gateway.private_tracks of this config, so its feed needs no token`;
  process.stderr.write(`viewer token ${claims.jti} for track ${trackId}, issued ${issuedAt}${expiry}; viewers send it as ?token= or Authorization: Bearer\nrevoke it with: mre cloud token revoke ${claims.jti}${unused}\n`);
  return 0;
}
