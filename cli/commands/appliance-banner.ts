/** @module The lines `mre appliance start` prints once it listens: addresses staff can hand out, and where the operator PIN came from. */
import type { NetworkInterfaceInfo } from 'node:os';
import { listensEverywhere, localUrl, publicUrls } from '../../appliance/service/listen-urls.ts';
import type { ControlToken } from '../../appliance/race/control-token.ts';

export interface BannerInput {
  host: string;
  port: number;
  control: ControlToken;
  /** Set when MRE_CONTROL_TOKEN gave the PIN (it wins over the config file). */
  tokenFromEnv: boolean;
  /** Standard error is a terminal: someone is watching, and it is not the journal. */
  interactive: boolean;
  decoder: string;
  dataDir: string;
  interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

/**
 * Where the PIN came from. The PIN itself is printed only when it was made at this start
 * and standard error is a terminal: under systemd these lines go to the journal, which
 * outlives the PIN and is readable by more people than its 0600 file.
 */
export function pinLine(input: Pick<BannerInput, 'control' | 'tokenFromEnv' | 'interactive'>): string {
  const { control } = input;
  if (control.source === 'config') return input.tokenFromEnv ? 'set by MRE_CONTROL_TOKEN (environment)' : 'set by control.token (config file)';
  if (control.source === 'file') return `kept in ${control.file}`;
  if (input.interactive) return `made at this start: ${control.token} (kept in ${control.file})`;
  return `made at this start, kept in ${control.file} (not written to the journal: read it with sudo cat ${control.file})`;
}

export function bannerText(input: BannerInput): string {
  const origins = publicUrls(input.host, input.port, input.interfaces);
  const api = localUrl(input.host, input.port);
  const everywhere = listensEverywhere(input.host);
  const lan = everywhere && origins.length > 1;
  const list = (path: string) => origins.map((o) => `${o}${path}`).join('  ');
  return [
    'MRE Trackside appliance',
    ...(everywhere ? [`  listening: every interface, port ${input.port}${lan ? '' : ' (no network address yet: phones reach the box once it joins the LAN)'}`] : []),
    `  scoreboard: ${list('/')}`,
    `  control:    ${list('/control/')}`,
    `  operator PIN: ${pinLine(input)}`,
    `  status:     ${api}/api/status`,
    `  passings:   ${api}/api/passings`,
    `  health:     ${api}/healthz`,
    `  decoder:    ${input.decoder}`,
    `  log:        ${input.dataDir}`,
  ].join('\n');
}
