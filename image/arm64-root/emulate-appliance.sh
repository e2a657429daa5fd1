#!/usr/bin/env bash
# Opt-in check of the arm64 bundle, never run in CI: debootstraps an arm64 Debian trixie root,
# installs the appliance into it as a box holds it (/opt/mre/current), starts it under qemu user
# emulation against the built-in simulator, and checks /healthz, /api/status and the scoreboard.
# Downloads the root from the Debian archive; needs root. See --help and image/README.md.
set -euo pipefail

# Parameter expansion, not dirname: --check must answer even with no tools on PATH.
HERE=${BASH_SOURCE[0]%/*}
[[ $HERE != "${BASH_SOURCE[0]}" ]] || HERE=.
REPO=$(cd "$HERE/../.." && pwd)
SUITE=trixie
MIRROR=http://deb.debian.org/debian
# systemd gives the root the unit folders and systemd-sysusers the install writes for.
INCLUDE=nodejs,ca-certificates,systemd
NODE_MIN=20.19
READY_TIMEOUT=600
FLOW_TIMEOUT=300
APT_HINT="apt-get update && apt-get install -y debootstrap qemu-user-static binfmt-support"

usage() {
  cat <<EOF
Usage: sudo $0 [--work DIR] [--keep] [--root DIR] [--bundle FILE] [--mirror URL] [--ready-timeout S] [--foreign]
       $0 --check | --help

Builds an arm64 Debian $SUITE root, installs the appliance bundle into it and starts it under
emulation against the simulator; exits 0 only when /healthz, /api/status (decoder connected,
passings arriving) and the scoreboard all answered. Prints how long each phase took.

  --work DIR          work folder (default: a new one under /var/tmp, removed at the end)
  --keep              keep the work folder (the root, the bundle, the appliance's log)
  --root DIR          use an arm64 root built earlier instead of debootstrapping one
  --bundle FILE       install this mre-appliance-*-linux-arm64.tar.gz instead of building one
  --mirror URL        Debian archive (default $MIRROR)
  --ready-timeout S   longest wait for /healthz 200 after the start (default $READY_TIMEOUT)
  --foreign           act as if binfmt_misc were unavailable: debootstrap --foreign, extract
                      the packages, run node with qemu-aarch64-static -L ROOT
  --check             check the prerequisites only; exit 1 when one is missing
Prerequisites: root, debootstrap, qemu-user-static, binfmt-support, node and npm, curl.
  $APT_HINT
EOF
}

# --check uses bash builtins only, so it answers on a machine missing every tool it names.
binfmt_state() {
  local entry=/proc/sys/fs/binfmt_misc/qemu-aarch64 first flags
  [[ -r $entry ]] || { echo "not registered"; return 1; }
  { read -r first; read -r _; read -r flags; } <"$entry"
  [[ $first == enabled ]] || { echo "registered, disabled"; return 1; }
  # F: the kernel opened the interpreter at registration, so it works inside a chroot too.
  [[ $flags == *F* ]] || { echo "enabled without the F flag (chroot cannot find qemu)"; return 1; }
  echo "enabled"
}

check_prerequisites() {
  local missing=0 tool state
  if [[ $EUID -eq 0 ]]; then echo "root: yes"; else echo "root: missing (run with sudo)"; missing=1; fi
  for tool in debootstrap qemu-aarch64-static update-binfmts dpkg-deb node npm curl; do
    if command -v "$tool" >/dev/null 2>&1; then echo "$tool: yes"; else echo "$tool: missing"; missing=1; fi
  done
  if state=$(binfmt_state); then echo "binfmt_misc qemu-aarch64: $state"
  else echo "binfmt_misc qemu-aarch64: $state (optional: the run tries to enable it, else takes the --foreign path)"; fi
  if ((missing)); then echo "install what is missing: $APT_HINT (node >= $NODE_MIN and npm for the bundle)"; fi
  return "$missing"
}

WORK="" KEEP=0 ROOT="" BUNDLE="" FOREIGN=0 CHECK=0
while (($#)); do
  case $1 in
    --work) WORK=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --root) ROOT=$2; shift 2 ;;
    --bundle) BUNDLE=$2; shift 2 ;;
    --mirror) MIRROR=$2; shift 2 ;;
    --ready-timeout) READY_TIMEOUT=$2; shift 2 ;;
    --foreign) FOREIGN=1; shift ;;
    --check) CHECK=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if ((CHECK)); then check_prerequisites; exit; fi

source "$REPO/image/arm64-root/phases.sh"
run_all
