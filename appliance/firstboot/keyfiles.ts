/**
 * @module NetworkManager keyfiles (`/etc/NetworkManager/system-connections/*.nmconnection`) for the
 * box's wired link, its Wi-Fi client or its own access point. Each has a fixed name and a uuid derived
 * from it, so applying the same file twice writes the same bytes.
 */
import { createHash } from 'node:crypto';
import type { AccessPointConfig, FirstbootConfig, WifiConfig, WiredConfig } from './schema.ts';

export const KEYFILE_PREFIX = 'mre-';

type Section = [name: string, entries: [key: string, value: string | number | boolean][]];

/** A stable uuid (v5 layout over SHA-1) per connection name: NetworkManager keeps state by uuid. */
function stableUuid(name: string): string {
  const h = createHash('sha1').update(`mre-trackside:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** GKeyFile escapes: a backslash and a leading space would otherwise change the value read back. */
function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/^ /, '\\s');
}

/** Plain text when it reads back the same; otherwise the SSID's bytes as NetworkManager's integer list. */
function ssidValue(ssid: string): string {
  if (/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(ssid) && !/[;\\]/.test(ssid)) return ssid;
  return [...Buffer.from(ssid, 'utf8')].map((b) => `${b};`).join('');
}

function render(sections: Section[]): string {
  return sections.map(([name, entries]) => [`[${name}]`, ...entries.map(([k, v]) => `${k}=${typeof v === 'string' ? escapeValue(v) : String(v)}`)].join('\n')).join('\n\n') + '\n';
}

function connection(id: string, type: string, priority: number): Section {
  return ['connection', [['id', id], ['uuid', stableUuid(id)], ['type', type], ['autoconnect', true], ['autoconnect-priority', priority]]];
}

function ipv4(config: { method: 'dhcp' | 'static'; address?: string | undefined; gateway?: string | undefined; dns?: string[] | undefined }): Section {
  if (config.method === 'dhcp') return ['ipv4', [['method', 'auto']]];
  const entries: Section[1] = [['method', 'manual'], ['address1', config.gateway ? `${config.address},${config.gateway}` : config.address!]];
  if (config.dns?.length) entries.push(['dns', config.dns.map((d) => `${d};`).join('')]);
  return ['ipv4', entries];
}

function security(psk: string | undefined): Section[] {
  return psk === undefined ? [] : [['wifi-security', [['key-mgmt', 'wpa-psk'], ['psk', psk]]]];
}

function wired(config: WiredConfig): string {
  return render([connection('mre-wired', 'ethernet', 100), ['ethernet', []], ipv4(config), ['ipv6', [['method', 'auto']]]]);
}

function wifi(config: WifiConfig): string {
  return render([connection('mre-wifi', 'wifi', 50), ['wifi', [['mode', 'infrastructure'], ['ssid', ssidValue(config.ssid)]]], ...security(config.psk), ipv4(config), ['ipv6', [['method', 'auto']]]]);
}

function accessPoint(config: AccessPointConfig): string {
  // `shared` makes NetworkManager hand out addresses on the box's own network (its dnsmasq).
  const wpa2: Section[] = config.psk === undefined ? [] : [['wifi-security', [['key-mgmt', 'wpa-psk'], ['proto', 'rsn'], ['pairwise', 'ccmp'], ['group', 'ccmp'], ['psk', config.psk]]]];
  return render([
    connection('mre-access-point', 'wifi', 50),
    ['wifi', [['mode', 'ap'], ['ssid', ssidValue(config.ssid)], ['band', 'bg'], ['channel', config.channel]]],
    ...wpa2,
    ['ipv4', [['method', 'shared'], ['address1', config.address]]],
    ['ipv6', [['method', 'ignore']]],
  ]);
}

/** File name to content, for every connection the config asks for; the box's other `mre-*` keyfiles are to be removed. */
export function keyfiles(network: FirstbootConfig['network']): Map<string, string> {
  const files = new Map<string, string>();
  if (network.wired) files.set('mre-wired.nmconnection', wired(network.wired));
  if (network.wifi) files.set('mre-wifi.nmconnection', wifi(network.wifi));
  if (network.access_point) files.set('mre-access-point.nmconnection', accessPoint(network.access_point));
  return files;
}
