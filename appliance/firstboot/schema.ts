/**
 * @module The box's first-boot file (`mre.toml` or `mre.json` on the boot partition): the appliance's
 * own config under `appliance`, checked by the appliance's schema itself, plus the image's `box` and
 * `network` sections. Every bad field is named by its path, as the appliance's config errors are.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { configSchema } from '../service/config.ts';

/** One DNS label: what /etc/hostname and mDNS (`<name>.local`) take. */
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** WPA2 passphrase: 8 to 63 printable ASCII characters, or the 64-hex-digit key itself. */
const PSK = /^([\x20-\x7e]{8,63}|[0-9a-fA-F]{64})$/;

const hostname = z.string().regex(HOST_LABEL, { error: 'expected a host name of lowercase letters, digits and -, at most 63, such as mre-canberra (no dots: .local is added by mDNS)' });
const ipv4 = (what: string) => z.string().refine((v) => isIP(v) === 4, { error: `expected ${what} as an IPv4 address such as 192.168.1.1` });
const cidr = z.string().refine(
  (v) => {
    const [ip, bits, ...rest] = v.split('/');
    return rest.length === 0 && isIP(ip ?? '') === 4 && /^\d{1,2}$/.test(bits ?? '') && Number(bits) >= 1 && Number(bits) <= 32;
  },
  { error: 'expected an address with its prefix, such as 192.168.1.40/24' },
);
const ssid = z.string({ error: 'expected the network name (SSID)' }).min(1, { error: 'expected the network name (SSID)' }).max(32, { error: 'an SSID is at most 32 characters' });
const psk = z.string().regex(PSK, { error: 'expected a Wi-Fi password of 8 to 63 characters' });
/** Wi-Fi may only use the channels its country allows: the kernel's regulatory domain is set from this. */
const country = z.string().regex(/^[A-Z]{2}$/, { error: 'expected a two-letter country code such as GB or AU' });

/** How a wired or Wi-Fi client gets its address: DHCP unless an address is given. */
const addressing = {
  method: z.enum(['dhcp', 'static'], { error: 'expected dhcp or static' }).default('dhcp'),
  address: cidr.optional(),
  gateway: ipv4('the gateway').optional(),
  dns: z.array(ipv4('each DNS server')).max(3).optional(),
};

function staticNeedsAddress(value: { method: string; address?: string | undefined }, ctx: z.RefinementCtx): void {
  if (value.method === 'static' && value.address === undefined) ctx.addIssue({ code: 'custom', path: ['address'], message: 'required when method is static, such as 192.168.1.40/24' });
  if (value.method === 'dhcp' && value.address !== undefined) ctx.addIssue({ code: 'custom', path: ['method'], message: 'set method = "static" to use the address given' });
}

const wiredSchema = z.strictObject(addressing).superRefine(staticNeedsAddress);
const wifiSchema = z.strictObject({ ssid, psk: psk.optional(), country, ...addressing }).superRefine(staticNeedsAddress);
const accessPointSchema = z.strictObject({
  ssid,
  /** None: an open network every phone at the track can join (race control still asks for the PIN). */
  psk: psk.optional(),
  /** 2.4 GHz, which every phone reaches; 1, 6 and 11 do not overlap. */
  channel: z.number().int().min(1).max(13).default(6),
  country,
  /** The box's address on its own network; phones get theirs from it. */
  address: cidr.default('10.42.0.1/24'),
});

export const firstbootSchema = z
  .strictObject({
    box: z.strictObject({ hostname: hostname.optional() }).prefault({}),
    network: z
      .strictObject({ wired: wiredSchema.optional(), wifi: wifiSchema.optional(), access_point: accessPointSchema.optional() })
      .superRefine((value, ctx) => {
        // One radio: it joins a network or makes one, not both.
        if (value.wifi && value.access_point) ctx.addIssue({ code: 'custom', path: ['access_point'], message: 'the box has one Wi-Fi radio: set network.wifi or network.access_point, not both' });
      })
      .prefault({}),
    appliance: configSchema.prefault({}),
  });

export type FirstbootConfig = z.infer<typeof firstbootSchema>;
export type WiredConfig = z.infer<typeof wiredSchema>;
export type WifiConfig = z.infer<typeof wifiSchema>;
export type AccessPointConfig = z.infer<typeof accessPointSchema>;

/** Without `box.hostname` the box is `mre-<track_id>` (the track it runs as), so each track's box answers as `mre-<track>.local`. */
export function boxHostname(config: FirstbootConfig, trackId: string): string {
  if (config.box.hostname) return config.box.hostname;
  const track = trackId.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return `mre-${track}`.slice(0, 63).replace(/-+$/, '');
}
