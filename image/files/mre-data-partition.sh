#!/bin/sh
# MRE Trackside image: makes the data partition at first boot. The root partition grows to
# --root-size (when the card has room for that and a data partition), the rest of the card
# becomes partition 3, ext4 labelled mre-data, which fstab mounts at /var/lib/mre-appliance.
# Raspberry Pi OS's own first-boot resize is turned off in this image, so the space is free.
# Usage: mre-data-partition.sh [--disk DEV] [--partition DEV] [--root-size MiB] [--min-data MiB] [--table-only]
#   --table-only   change the partition table only (no resize2fs, no partx, no mkfs): for tests on an image file
set -eu

say() { echo "mre-data-partition: $*" >&2; }
die() { say "$*"; exit 1; }

disk=""
part=""
root_mib=4096
min_data_mib=1024
table_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --disk) disk="$2"; shift 2 ;;
    --partition) part="$2"; shift 2 ;;
    --root-size) root_mib="$2"; shift 2 ;;
    --min-data) min_data_mib="$2"; shift 2 ;;
    --table-only) table_only=1; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done

if [ "$table_only" = 0 ] && blkid -L mre-data >/dev/null 2>&1; then
  say "a partition labelled mre-data exists already: nothing to do"
  exit 0
fi

if [ -z "$disk" ]; then
  rootpart=$(findmnt -no SOURCE /)
  disk="/dev/$(lsblk -no PKNAME "$rootpart")"
fi
[ -e "$disk" ] || die "no disk $disk"
case "$disk" in
  *[0-9]) p="${disk}p" ;;
  *) p="$disk" ;;
esac
[ -n "$part" ] || part="${p}3"

table=$(sfdisk -d "$disk") || die "cannot read the partition table of $disk"
field() { echo "$table" | grep -E "^[^ ]*$1 *:" | sed -E "s/.*$2= *([0-9]+).*/\1/"; }
echo "$table" | grep -qE '^[^ ]*[^0-9]3 *:' && die "$disk already has a third partition without the mre-data label: leaving it alone"
root_start=$(field '[^0-9]2' start)
root_size=$(field '[^0-9]2' size)
[ -n "$root_start" ] && [ -n "$root_size" ] || die "$disk has no second (root) partition"

if [ -b "$disk" ]; then sectors=$(blockdev --getsz "$disk"); else sectors=$(( $(stat -c %s "$disk") / 512 )); fi
mib=2048
want_root=$(( root_mib * mib ))
min_data=$(( min_data_mib * mib ))
align() { echo $(( ($1 + mib - 1) / mib * mib )); }

new_root=$root_size
if [ "$want_root" -gt "$root_size" ] && [ $(( $(align $(( root_start + want_root ))) + min_data )) -le "$sectors" ]; then
  new_root=$want_root
fi
data_start=$(align $(( root_start + new_root )))
data_size=$(( (sectors - data_start) / mib * mib ))
[ "$data_size" -ge "$min_data" ] || die "the card has $(( data_size / mib )) MiB after the root partition, less than the ${min_data_mib} MiB a data partition needs"

if [ "$new_root" -gt "$root_size" ]; then
  say "growing the root partition from $(( root_size / mib )) MiB to $(( new_root / mib )) MiB"
  echo ", $new_root" | sfdisk --quiet --no-reread --no-tell-kernel -N 2 "$disk" >/dev/null
fi
say "making partition 3: $(( data_size / mib )) MiB from sector $data_start"
echo "start=$data_start, size=$data_size, type=83" | sfdisk --quiet --no-reread --no-tell-kernel --append "$disk" >/dev/null
[ "$table_only" = 1 ] && exit 0

partx --update --nr 2 "$disk" 2>/dev/null || true
partx --add --nr 3 "$disk" 2>/dev/null || true
udevadm settle --timeout=30 2>/dev/null || true
[ "$new_root" -gt "$root_size" ] && resize2fs "${p}2" >/dev/null
[ -e "$part" ] || die "$part did not appear after adding it to $disk"
mkfs.ext4 -q -F -L mre-data "$part"
say "made $part (ext4, mre-data) for /var/lib/mre-appliance"
