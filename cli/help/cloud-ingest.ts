/** @module `--help` texts of `mre cloud provision` and `mre cloud token issue|revoke`. */
import { cloudOverrides } from './cloud.ts';

const EXITS = 'Exits 0 on success, 1 with a one-line reason on failure, 2 on wrong usage or configuration.';

export async function cloudProvisionHelp(): Promise<string> {
  return `Usage: mre cloud provision [--config FILE] [--json]

Makes the JetStream streams and KV buckets the cloud keeps its data in, or brings existing
ones to the limits in the config's streams section. Safe to run again: what already
matches is left alone.

  streams   timing_ingest_raw_v1, timing_race_events_v1, timing_race_snapshot_v1
            (last value per subject), timing_dlq_v1: max age, max bytes, replicas,
            duplicate window (streams.*)
  buckets   mre_read_models, mre_dedupe, mre_leases, mre_revoked_tokens, mre_accounts (KV),
            mre_race_state (object store)

A limit the server cannot honour (more replicas than servers, more bytes than its disk,
JetStream off) fails naming the config field to change.

  --config FILE   cloud config (JSON; see docs/cloud.md)
  --json          print what was done to each stream as one JSON object
  -h, --help      this text

Environment overrides (win over the file):
${await cloudOverrides()}

${EXITS}`;
}

export async function tokenIssueHelp(): Promise<string> {
  return `Usage: mre cloud token issue --track TRACK --client CLIENT [--config FILE] [--json]
       mre cloud token issue --viewer --track TRACK [--config FILE] [--json]

Prints a box token for one track and one box (client): the box sends it as
"Authorization: Bearer <token>" to POST /api/ingest/batch, and may send envelopes of that
track and client only. The token alone goes to stdout; its id (for revoking) to stderr.
Signed with ingest.token_secret (or the file ingest.token_secret_file), which every ingest
node must share; tokens older than ingest.token_max_age_days are refused.

With --viewer, a viewer token for a private track's live feed (gateway.private_tracks):
viewers send it as ?token= on /ws/v1/live, or as "Authorization: Bearer <token>". Same
secret; refused after gateway.viewer_token_max_age_days; revoked like a box token.

  --track TRACK    the track_id the box's envelopes carry (or the track to watch)
  --client CLIENT  the client_id the box's envelopes carry
  --viewer         a viewer token instead of a box token
  --config FILE    cloud config (JSON; see docs/cloud.md)
  --json           print {token, jti, track_id, client_id, issued_at} on stdout
                   ({token, jti, kind, track_id, issued_at} with --viewer)
  -h, --help       this text

${EXITS}`;
}

export async function tokenRevokeHelp(): Promise<string> {
  return `Usage: mre cloud token revoke ID [--reason TEXT] [--config FILE] [--json]

Revokes the box or viewer token with this id (the jti \`mre cloud token issue\` printed): it
is written to the mre_revoked_tokens bucket, which every ingest node (and every gateway with
private tracks) watches, so each refuses the token within seconds. Needs NATS (nats_url) and a provisioned cloud.

  --reason TEXT    kept with the revocation (up to 200 characters)
  --config FILE    cloud config (JSON; see docs/cloud.md)
  --json           print {jti, revoked_at, reason} on stdout
  -h, --help       this text

${EXITS}`;
}
