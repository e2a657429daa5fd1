/** @module `--help` texts of the cloud commands (`cloud start` and the LiveRC imports; provisioning and tokens are in cloud-ingest.ts); they list the cloud's env overrides, loaded only when help is asked for. */
import { envOverrideLines } from '../../shared/config/env-overrides.ts';

export async function cloudOverrides(): Promise<string> {
  const { CLOUD_ENV_OVERRIDES } = await import('../../cloud/service/config.ts');
  return envOverrideLines(CLOUD_ENV_OVERRIDES, 32);
}

export async function cloudStartHelp(): Promise<string> {
  return `Usage: mre cloud start [--config FILE] [--roles ROLE,ROLE]

Runs the cloud roles behind one HTTP server (http.host, http.port):
  ingest   POST /api/ingest/batch: boxes send their envelope logs with a box token
           (mre cloud token issue); each envelope goes into JetStream exactly once.
           Needs ingest.token_secret (or ingest.token_secret_file). Makes the streams
           and buckets that are missing; mre cloud provision changes existing ones.
  liverc   the LiveRC connector: the HTTP API under /api/connectors/liverc/ (track
           search, events between dates, imports as jobs with live progress, results
           and laps) and the import worker, behind portal sign-in (/api/auth/login; users
           from mre cloud user add). Needs liverc.contact and accounts.session_secret
           (or accounts.session_secret_file).
  race     the race engine per track over the boxes' envelopes: derived events and live
           snapshots into JetStream, one worker per track at a time (leases in
           mre_leases), taken over within seconds when a worker dies.
  projection read models in the mre_read_models bucket (tracks live or idle, events,
           race results and laps, standings), from the race workers' events.
  gateway  GET /ws/v1/live: the box's live feed for any number of tracks (one consumer
           per watched track); private tracks (gateway.private_tracks) need a viewer
           token (mre cloud token issue --viewer --track T).
All state is in NATS JetStream (nats_url, or NATS_URL: a server or a comma-separated
cluster list); several processes may run against one NATS, each with some of the roles, so
each role scales out on its own. With neither set, it runs its own nats-server from PATH
with its store under data_dir (.data/cloud), sized to the disk, and makes a box-token
secret there if none is configured; it never writes into a server it was not pointed at.
Without liverc.contact, the default roles leave liverc out. GET / lists what runs.

  --config FILE      JSON config file (see docs/cloud.md and docs/liverc-import.md)
  --roles LIST       the roles to run, comma-separated (default: all, or the config's roles)
  -h, --help         this text

Environment overrides (win over the file):
${await cloudOverrides()}

SIGTERM or SIGINT stops it: no new job is taken, the running import gets a few seconds to
end, otherwise it goes back to the queue and resumes on the next start.
Exits 2 on invalid configuration, naming each bad field; 1 when NATS or the port is
unavailable, or the streams cannot be made as configured.`;
}

async function common(): Promise<string> {
  return `  --config FILE   cloud config (JSON; see docs/liverc-import.md)
  --json          print the outcome as one JSON object on stdout
  --verbose       also print every request made to LiveRC (URL, status, try, wait)
  -h, --help      this text

The work runs in this process against NATS (nats_url); it does not go through the
import job queue that the HTTP API and \`mre cloud start\` use. Requests to LiveRC are
spaced and retried as configured (liverc.min_interval_ms, liverc.max_tries).

Environment overrides (win over the file):
${await cloudOverrides()}

Exits 0 on success, 1 with a one-line reason on failure, 2 on wrong usage or configuration.`;
}

export async function tracksSyncHelp(): Promise<string> {
  return `Usage: mre tracks sync [--config FILE] [--json] [--verbose]

Reads LiveRC's track list and upserts every track by slug; tracks no longer listed are
marked inactive, never deleted.

${await common()}`;
}

export async function refreshEventsHelp(): Promise<string> {
  return `Usage: mre ingest liverc refresh-events --track-id SLUG --depth none|laps_full [--ingest-new-only|--ingest-all]

Reads the track's events list ({slug}.liverc.com/events/) and upserts every event at depth
none. With --depth laps_full it then imports races, results and laps, one event at a time:
only the events this refresh found new (--ingest-new-only, the default), or every event of
the track not yet imported (--ingest-all).

  --track-id SLUG   the track's LiveRC slug, as in https://SLUG.liverc.com (see mre tracks sync)
  --depth DEPTH     none (list only) or laps_full
${await common()}`;
}

export async function ingestEventHelp(name: string, idFlag: 'event-id' | 'event'): Promise<string> {
  return `Usage: mre ${name} --${idFlag} ID --depth laps_full [--reingest] [--reparse]

Imports one LiveRC event: its entry list, then every race's results and laps, written by
natural key (importing again changes nothing), then links club members to its drivers.
The event must be in the catalogue (mre ingest liverc refresh-events --track-id SLUG).

  --${idFlag.padEnd(13)} the LiveRC event id (the "&id=" of its view_event link)
  --depth laps_full  the only deep import there is
  --reingest         import again even when the event already has its laps
  --reparse          import again from the pages kept at the last import, without asking LiveRC
${await common()}`;
}
