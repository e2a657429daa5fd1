/** @module `--help` text of `mre appliance firstboot`. */

export const FIRSTBOOT_HELP = `Usage: mre appliance firstboot [--boot DIR] [--root DIR]

Applies the box's config file from the boot partition: DIR/mre.toml or DIR/mre.json
(the appliance's config under [appliance], plus [box] and [network]; see image/README.md).
On success it writes, under the root: etc/mre-trackside/appliance.json, etc/hostname,
the 127.0.1.1 line of etc/hosts, NetworkManager keyfiles (mode 0600) and the Wi-Fi
country, then moves the file to var/lib/mre-appliance/firstboot/applied-<time>.<ext>
(mode 0600) and clears var/lib/mre-appliance/firstboot-problems.json.

  --boot DIR   where the file is (default /boot/firmware)
  --root DIR   prefix of every path written (default /)
  -h, --help   this text

Exits 0 when the file was applied or there is none. Exits 1 on a bad file: each bad
field is printed by its path, the problems are written to firstboot-problems.json (the
status page shows them) and the file stays where it is, to be fixed and dropped again.`;
