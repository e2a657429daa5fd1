#!/bin/bash -e
# MRE Trackside stage, on the build host: the appliance installed into the root by the same
# script the tests run (image/install-into-root.sh), then what only the target can do, in its chroot.
# MRE_REPO and MRE_BUNDLE come from image/build.sh through pi-gen's config.

"${MRE_REPO}/image/install-into-root.sh" --root "${ROOTFS_DIR}" --bundle "${MRE_BUNDLE}"

# Raspberry Pi OS grows the root over the whole card at first boot ("resize" on the kernel command
# line); the box keeps the rest for its data partition, made by mre-data-partition.service.
sed -i 's/ resize\b//' "${ROOTFS_DIR}/boot/firmware/cmdline.txt"

on_chroot << EOF
set -e
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' || { echo "the image's node \$(node --version) is older than the appliance's >=20.19"; exit 1; }
systemd-sysusers
systemctl disable rpi-resize.service 2>/dev/null || true
# chrony's package conflicts with systemd-timesyncd; in case apt kept it, one clock daemon only.
systemctl disable systemd-timesyncd.service 2>/dev/null || true
systemctl enable chrony.service avahi-daemon.service NetworkManager.service
EOF
