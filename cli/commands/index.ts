/**
 * @module The `mre` command table: names, summaries and help, in the order `mre --help` lists them.
 * Each command's code is imported only when it runs, so `mre --help` and `mre decode` do not
 * load the appliance, the cloud or zod.
 */
import type { Command } from '../command.ts';
import { APPLIANCE_REPLAY_HELP, APPLIANCE_START_HELP } from '../help/appliance.ts';
import { cloudStartHelp, ingestEventHelp, refreshEventsHelp, tracksSyncHelp } from '../help/cloud.ts';
import { cloudProvisionHelp, tokenIssueHelp, tokenRevokeHelp } from '../help/cloud-ingest.ts';
import { USER_ADD_HELP, USER_LIST_HELP, USER_PASSWD_HELP, USER_REMOVE_HELP, USER_ROLE_HELP, USER_TOKEN_ISSUE_HELP, USER_TOKEN_REVOKE_HELP } from '../help/cloud-user.ts';
import { DOCTOR_HELP } from '../help/doctor.ts';
import { FIRSTBOOT_HELP } from '../help/firstboot.ts';
import { UPDATE_HELP } from '../help/update.ts';
import { DECODE_HELP, livercParseHelp, SIMULATE_HELP } from '../help/tools.ts';

export const COMMANDS: readonly Command[] = [
  {
    name: 'appliance start',
    summary: 'run the appliance: decoder link, durable envelope log, HTTP API',
    help: () => APPLIANCE_START_HELP,
    run: async (argv) => (await import('./appliance.ts')).runApplianceStart(argv),
  },
  {
    name: 'appliance replay',
    summary: 'rebuild the race results from the log and check them against the stored ones',
    help: () => APPLIANCE_REPLAY_HELP,
    run: async (argv) => (await import('./appliance.ts')).runApplianceReplay(argv),
  },
  {
    name: 'appliance firstboot',
    summary: "apply the box's config file from the boot partition (network, host name, appliance config)",
    help: () => FIRSTBOOT_HELP,
    run: async (argv) => (await import('./firstboot.ts')).runFirstboot(argv),
  },
  {
    name: 'doctor',
    summary: "say in plain words what is well and what needs attention on the box (decoder, disk, cloud, clock, journal)",
    help: () => DOCTOR_HELP,
    run: async (argv) => (await import('./doctor.ts')).runDoctor(argv),
  },
  {
    name: 'update',
    summary: 'install an appliance bundle on this box, switch over, and roll back if it does not come up',
    help: () => UPDATE_HELP,
    run: async (argv) => (await import('./update.ts')).runUpdate(argv),
  },
  {
    name: 'cloud start',
    summary: 'run the cloud roles (ingest API, LiveRC connector); --roles picks some',
    help: cloudStartHelp,
    run: async (argv) => (await import('./cloud.ts')).runCloudStart(argv),
  },
  {
    name: 'cloud provision',
    summary: 'make or update the JetStream streams and KV buckets the cloud uses',
    help: cloudProvisionHelp,
    run: async (argv) => (await import('./cloud-provision.ts')).runCloudProvision(argv),
  },
  {
    name: 'cloud token issue',
    summary: 'print a box token for one track and client',
    help: tokenIssueHelp,
    run: async (argv) => (await import('./cloud-token.ts')).runTokenIssue(argv),
  },
  {
    name: 'cloud token revoke',
    summary: 'revoke a box token by its id; every ingest node refuses it within seconds',
    help: tokenRevokeHelp,
    run: async (argv) => (await import('./cloud-token.ts')).runTokenRevoke(argv),
  },
  ...(
    [
      ['add', 'add a portal user (admin or member); the password from a prompt or stdin', USER_ADD_HELP, 'runUserAdd'],
      ['passwd', "set a portal user's password; the user's sessions end", USER_PASSWD_HELP, 'runUserPasswd'],
      ['role', 'make a portal user an admin or a member', USER_ROLE_HELP, 'runUserRole'],
      ['remove', 'remove a portal user, its sessions and API tokens', USER_REMOVE_HELP, 'runUserRemove'],
      ['list', 'list the portal users and their API token ids', USER_LIST_HELP, 'runUserList'],
      ['token issue', "print a new API token for an admin's scripts", USER_TOKEN_ISSUE_HELP, 'runUserTokenIssue'],
      ['token revoke', 'revoke an API token by its id', USER_TOKEN_REVOKE_HELP, 'runUserTokenRevoke'],
    ] as const
  ).map(([words, summary, help, fn]): Command => ({
    name: `cloud user ${words}`,
    summary,
    help: () => help,
    run: async (argv) => (await import('./cloud-user.ts'))[fn](argv),
  })),
  {
    name: 'tracks sync',
    summary: 'sync the LiveRC track catalogue (live.liverc.com) into the cloud store',
    help: tracksSyncHelp,
    run: async (argv) => (await import('./liverc-import.ts')).runTracksSync(argv),
  },
  {
    name: 'ingest liverc refresh-events',
    summary: "list a LiveRC track's events (and with --depth laps_full import them)",
    help: refreshEventsHelp,
    run: async (argv) => (await import('./liverc-import.ts')).runRefreshEvents(argv),
  },
  {
    name: 'ingest liverc ingest-event',
    summary: 'import one LiveRC event with races, results and laps',
    help: () => ingestEventHelp('ingest liverc ingest-event', 'event-id'),
    run: async (argv) => (await import('./liverc-import.ts')).runIngestEvent('event-id', argv),
  },
  {
    name: 'events ingest',
    summary: 'the same as ingest liverc ingest-event (the seed docs name)',
    help: () => ingestEventHelp('events ingest', 'event'),
    run: async (argv) => (await import('./liverc-import.ts')).runIngestEvent('event', argv),
  },
  {
    name: 'decode',
    summary: 'P3 decoder bytes (raw, or hex text with --hex) to one JSON record per line',
    help: () => DECODE_HELP,
    run: async (argv) => (await import('./decode.ts')).runDecode(argv),
  },
  {
    name: 'liverc parse',
    summary: 'a saved LiveRC page (track list, dashboard, events, event, entry list, race result) to JSON',
    help: livercParseHelp,
    run: async (argv) => (await import('./liverc.ts')).runLivercParse(argv),
  },
  {
    name: 'simulate',
    summary: 'a P3 decoder that speaks the real protocol, for demos and tests',
    help: () => SIMULATE_HELP,
    run: async (argv) => (await import('./simulate.ts')).runSimulate(argv),
  },
];
