/** @module `mre cloud start` (for now the LiveRC connector: its HTTP API and import worker), and the cloud command set the CLI registers. */
import { CLOUD_ENV_OVERRIDES, loadCloudConfig } from '../../cloud/service/config.ts';
import { startCloud } from '../../cloud/service/cloud-service.ts';
import { createLogger } from '../../shared/log/index.ts';
import { configOrUsage, parseCommandArgs, untilStopSignal, type Command } from '../command.ts';
import { eventsIngestCommand, ingestLiveRcEventCommand, refreshEventsCommand, tracksSyncCommand } from './liverc-import.ts';

const log = createLogger('cloud');

const HELP = `Usage: mre cloud start [--config FILE]

Runs the cloud process. For now it hosts only the LiveRC connector: the HTTP API under
/api/connectors/liverc/ (track search, events between dates, imports as jobs with live
progress, imported results and laps) and the import worker that runs those jobs one at a
time. The timing ingest, race workers and live gateway are not part of it yet.
All state is in NATS JetStream (nats_url); several processes may run against one NATS.

  --config FILE   JSON config file (see docs/liverc-import.md); liverc.contact is required
  -h, --help      this text

Environment overrides (win over the file):
${Object.entries(CLOUD_ENV_OVERRIDES).map(([name, path]) => `  ${name.padEnd(30)} ${path.join('.')}`).join('\n')}

SIGTERM or SIGINT stops it: no new job is taken, the running import gets a few seconds to
end, otherwise it goes back to the queue and resumes on the next start.
Exits 2 on invalid configuration, naming each bad field; 1 when NATS or the port is unavailable.`;

export const cloudStartCommand: Command = {
  name: 'cloud start',
  summary: 'run the cloud (for now: the LiveRC connector API and import worker)',
  help: HELP,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { config: { type: 'string' } });
    const config = configOrUsage(() => loadCloudConfig(values.config), log);
    const cloud = await startCloud(config);
    process.stderr.write(`MRE Trackside cloud\n  LiveRC API: ${cloud.url}/api/connectors/liverc/\n  health:     ${cloud.url}/healthz\n  NATS:       ${config.nats_url}\n  LiveRC:     ${config.liverc.enabled ? `enabled, one request per ${config.liverc.min_interval_ms} ms per host` : 'switched off (liverc.enabled: false)'}\n`);
    await untilStopSignal(log);
    await cloud.stop();
    return 0;
  },
};

/** Every cloud command, in the order `mre --help` lists them. */
export const CLOUD_COMMANDS: readonly Command[] = [cloudStartCommand, tracksSyncCommand, refreshEventsCommand, ingestLiveRcEventCommand, eventsIngestCommand];
