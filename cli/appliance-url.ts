/** @module Where the box's own appliance answers, for commands run on the box (`mre doctor`, `mre update`): `--url`, else the config's host and port on loopback. */
import { loadConfig } from '../appliance/service/config.ts';
import { configOrUsage, UsageError } from './command.ts';

export function applianceBaseUrl(url: string | undefined, configFile: string | undefined, flag = '--url'): string {
  if (url !== undefined) {
    if (!/^https?:\/\/[^/]+/.test(url)) throw new UsageError(`${flag}: expected http://host:port, got "${url}"`);
    return url.replace(/\/+$/, '');
  }
  const config = configOrUsage(() => loadConfig(configFile, process.env));
  const host = ['0.0.0.0', '::', ''].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}`;
}
