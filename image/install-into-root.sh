#!/bin/sh
# MRE Trackside: puts the appliance into a root file system, a plain folder (no chroot, nothing of
# the target run): the bundle as /opt/mre/releases/<version> with /opt/mre/current pointing at it,
# the `mre` user and its folders' owners (sysusers.d, tmpfiles.d: nothing is chowned), the units
# from systemd/ enabled, journald, chrony, avahi and swap settings, the data partition, /usr/bin/mre.
# Used by the pi-gen stage (image/pi-gen) and the emulated root (image/arm64-root); as root or not.
# Running it again with the same bundle changes nothing.
# Usage: install-into-root.sh --root DIR --bundle mre-appliance-<version>-linux-<arch>.tar.gz [--units DIR]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=""
bundle=""
units="$here/../systemd"
die() { echo "install-into-root: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$2"; shift 2 ;;
    --bundle) bundle="$2"; shift 2 ;;
    --units) units="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[ -n "$root" ] && [ -d "$root" ] || die "--root DIR: an existing folder is needed"
[ -n "$bundle" ] && [ -f "$bundle" ] || die "--bundle FILE: no such bundle file: ${bundle:-(none given)}"
[ -d "$units" ] || die "--units DIR: no folder $units"

# The bundle: one mre-appliance-<version>/ folder; checked against its manifest before it is installed.
top=$(tar -tzf "$bundle" | head -n 1 | cut -d/ -f1) || die "$bundle is not a readable .tar.gz"
case "$top" in
  mre-appliance-?*) version=${top#mre-appliance-} ;;
  *) die "$bundle is not an appliance bundle: its top folder is \"$top\"" ;;
esac
staging=$(mktemp -d "$root/.mre-install.XXXXXX")
trap 'rm -rf "$staging"' EXIT
tar -xzf "$bundle" -C "$staging" --no-same-owner
[ -f "$staging/$top/manifest.json" ] || die "$bundle has no manifest.json"
# manifest.json's "files" as `sha256  path` lines, for sha256sum -c.
sed -n 's/^ *"\([^"]*\)": "\([0-9a-f]\{64\}\)",\{0,1\}$/\2  \1/p' "$staging/$top/manifest.json" > "$staging/sums"
[ -s "$staging/sums" ] || die "$bundle's manifest.json lists no files"
listed=$(wc -l < "$staging/sums")
present=$(cd "$staging/$top" && find . -type f ! -name manifest.json | wc -l)
[ "$listed" -eq "$present" ] || die "$bundle holds $present files but its manifest.json lists $listed"
bad=$(cd "$staging/$top" && sha256sum -c --quiet "$staging/sums" 2>/dev/null | sed -n 's/: FAILED.*//p' | head -n 1) || true
[ -z "$bad" ] || die "$bad in $bundle does not match its sha256 in manifest.json: the bundle is damaged"
(cd "$staging/$top" && sha256sum -c --quiet --status "$staging/sums") || die "$bundle does not match its manifest.json"

mkdir -p "$root/opt/mre/releases"
if [ ! -d "$root/opt/mre/releases/$version" ]; then
  mv "$staging/$top" "$root/opt/mre/releases/$version"
fi
ln -sfn "releases/$version" "$root/opt/mre/current"

install -D -m 0644 "$here/files/sysusers-mre.conf" "$root/usr/lib/sysusers.d/mre.conf"
install -D -m 0644 "$here/files/tmpfiles-mre.conf" "$root/usr/lib/tmpfiles.d/mre.conf"
install -D -m 0755 "$here/files/mre" "$root/usr/bin/mre"
install -D -m 0755 "$here/files/mre-data-partition.sh" "$root/usr/lib/mre/mre-data-partition.sh"

# Units, enabled the way systemctl enable would: a link in each WantedBy target's .wants folder.
mkdir -p "$root/etc/systemd/system"
for unit in "$units"/mre-appliance.service "$units"/mre-firstboot.service "$units"/mre-firstboot.path "$here/files/mre-data-partition.service"; do
  name=$(basename "$unit")
  install -m 0644 "$unit" "$root/etc/systemd/system/$name"
  for target in $(sed -n 's/^WantedBy=//p' "$unit"); do
    mkdir -p "$root/etc/systemd/system/$target.wants"
    ln -sfn "../$name" "$root/etc/systemd/system/$target.wants/$name"
  done
done
install -D -m 0644 "$here/files/appliance-data.conf" "$root/etc/systemd/system/mre-appliance.service.d/data-partition.conf"
install -D -m 0644 "$units/journald.conf.d/mre.conf" "$root/etc/systemd/journald.conf.d/mre.conf"
install -D -m 0644 "$here/files/chrony-mre.conf" "$root/etc/chrony/conf.d/mre.conf"
# Debian's chrony.conf reads conf.d first and sets `makestep 1 3` after it; chrony keeps the last
# makestep it reads, so the distribution's is commented out for ours to count.
if [ -f "$root/etc/chrony/chrony.conf" ]; then
  sed -i 's/^makestep[[:space:]]/# (conf.d\/mre.conf steps the clock) &/' "$root/etc/chrony/chrony.conf"
fi
install -D -m 0644 "$here/files/mre-http.service.avahi" "$root/etc/avahi/services/mre-http.service"
install -D -m 0644 "$here/files/rpi-swap-mre.conf" "$root/etc/rpi/swap.conf.d/80-mre-zram-only.conf"

# The data partition, by label: nofail so a card without it still boots (the appliance then waits
# for the mount and says so in the journal) and noatime to spare the card.
fstab_line="LABEL=mre-data  /var/lib/mre-appliance  ext4  defaults,noatime,nofail,x-systemd.device-timeout=10s  0  2"
touch "$root/etc/fstab"
grep -q '^LABEL=mre-data[[:space:]]' "$root/etc/fstab" || echo "$fstab_line" >> "$root/etc/fstab"
mkdir -p "$root/var/lib/mre-appliance" "$root/etc/mre-trackside"
echo "install-into-root: $version installed in $root/opt/mre/releases/$version, current -> releases/$version"
