/** @module `mre cloud provision`: makes the timing streams and KV buckets on the cloud's NATS, or brings them to the config's limits, and says what it did to each. */
import type { ProvisionedStream } from '../../cloud/ingest/provision.ts';
import { provision } from '../../cloud/ingest/provision.ts';
import { loadCloudConfig } from '../../cloud/service/config.ts';
import { connectNats } from '../../cloud/service/nats-connection.ts';
import { configOrUsage, parseCommandArgs } from '../command.ts';

const label = (e: ProvisionedStream) => (e.bucket ? `${e.bucket} (${e.object_store ? 'objects' : 'KV'})` : e.stream);

function line(entry: ProvisionedStream, width: number): string {
  const name = label(entry);
  const detail = entry.changed.length ? `: ${entry.changed.join(', ')}` : '';
  return `  ${name.padEnd(width)}  ${entry.action}${detail}`;
}

export async function runCloudProvision(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { config: { type: 'string' }, json: { type: 'boolean' } });
  // Provisioning needs no LiveRC contact: the config is read as the ingest role reads it.
  const config = configOrUsage(() => loadCloudConfig(values.config, process.env, { roles: ['ingest'] }));
  const nc = await connectNats(config.nats_url, 'mre-provision');
  try {
    const report = await provision(nc, config);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ nats_url: config.nats_url, replicas: config.streams.replicas, streams: report })}\n`);
      return 0;
    }
    const width = Math.max(...report.map((e) => label(e).length));
    const count = (action: ProvisionedStream['action']) => report.filter((e) => e.action === action).length;
    process.stdout.write(`${report.map((e) => line(e, width)).join('\n')}\nprovisioned ${config.nats_url} (${config.streams.replicas} replica${config.streams.replicas === 1 ? '' : 's'}): ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged\n`);
    return 0;
  } finally {
    await nc.close();
  }
}
