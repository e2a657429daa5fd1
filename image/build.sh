#!/usr/bin/env bash
# MRE Trackside: builds the Raspberry Pi image (arm64, Raspberry Pi OS Lite trixie + the appliance)
# with one command on a Debian host, through pi-gen's arm64 branch and the stage in image/pi-gen.
# Usage: image/build.sh [--check] [--docker] [--bundle FILE] [--work DIR] [--ssh] [--pi-gen-ref REF]
#   --check       list what this machine lacks for the build and exit (non-zero when anything is missing)
#   --docker      build inside pi-gen's Docker container (the host needs git, docker, node, npm and,
#                 off an arm host, qemu-user-binfmt)
#   --bundle FILE the appliance bundle to install (default: built now with npm run bundle:appliance)
#   --work DIR    where pi-gen is cloned and builds (default: image/.work; needs about 10 GB)
#   --ssh         enable the SSH server in the image (off by default: a box at a track needs none)
# MRE_ADMIN_PASS=... sets the password of the image's one login, mre-admin; without it that account
# is locked and Raspberry Pi OS's first-boot user setup asks for a name and password on the console.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# pi-gen's arm64 branch at a known commit: a newer one is taken on purpose, never by surprise.
pi_gen_url=${PI_GEN_URL:-https://github.com/RPi-Distro/pi-gen.git}
pi_gen_ref=ca8aeed0ae300c2a89f55ce9617d5f96a27e99e5
check=0
docker=0
bundle=""
work="$here/.work"
ssh=0
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1; shift ;;
    --docker) docker=1; shift ;;
    --bundle) bundle="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --ssh) ssh=1; shift ;;
    --pi-gen-ref) pi_gen_ref="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

# command:package. Natively, pi-gen's own `depends` file at the pinned commit; with --docker, what
# build-docker.sh needs on the host (qemu-aarch64 to register with binfmt_misc, off an arm host).
foreign_host=1
case $(uname -m) in aarch64|arm*) foreign_host=0 ;; esac
if [ "$docker" = 1 ]; then
  needs="git docker:docker.io node:nodejs npm"
  [ "$foreign_host" = 0 ] || needs="$needs qemu-aarch64:qemu-user-binfmt"
else
  needs="git node:nodejs npm quilt parted realpath:coreutils qemu-arm:qemu-user-binfmt debootstrap zerofree zip mkdosfs:dosfstools mke2fs:e2fsprogs capsh:libcap2-bin bsdtar:libarchive-tools grep rsync xz:xz-utils curl xxd file lsmod:kmod bc gpg pigz arch-test"
fi
missing=()
for need in $needs; do
  cmd=${need%%:*}
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || [ -x "/sbin/$cmd" ] || missing+=("$cmd (apt-get install ${need#*:})")
done
if [ "$docker" = 0 ]; then
  [ "$(id -u)" = 0 ] || missing+=("root (run with sudo: pi-gen mounts and chroots)")
  if [ "$foreign_host" = 1 ] && ! grep -q /proc/sys/fs/binfmt_misc /proc/mounts 2>/dev/null; then
    missing+=("binfmt_misc, to run arm64 programs on this machine (sudo modprobe binfmt_misc)")
  fi
fi
mkdir -p "$work" 2>/dev/null || true
free_kb=$(df -Pk "$work" 2>/dev/null | awk 'NR==2 {print $4}')
if [ -n "${free_kb:-}" ] && [ "$free_kb" -lt $((10 * 1024 * 1024)) ]; then missing+=("disk space: $((free_kb / 1024 / 1024)) GB free in $work, 10 GB needed"); fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "build.sh: this machine lacks what the image build needs:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi
if [ "$check" = 1 ]; then
  echo "build.sh: everything the image build needs is here"
  exit 0
fi

if [ -z "$bundle" ]; then
  (cd "$repo" && npm run --silent bundle:appliance -- --arch arm64 --out "$work/bundle") >/dev/null
  bundle=$(ls -t "$work"/bundle/mre-appliance-*-linux-arm64.tar.gz | head -n 1)
fi
[ -f "$bundle" ] || { echo "build.sh: no bundle at $bundle" >&2; exit 1; }
bundle=$(cd "$(dirname "$bundle")" && pwd)/$(basename "$bundle")

pi_gen="$work/pi-gen"
[ -d "$pi_gen/.git" ] || git clone --quiet --branch arm64 "$pi_gen_url" "$pi_gen"
git -C "$pi_gen" fetch --quiet origin arm64
git -C "$pi_gen" checkout --quiet --force "$pi_gen_ref"
rm -rf "$pi_gen/stage-mre"
cp -r "$here/pi-gen/stage-mre" "$pi_gen/stage-mre"
# The image is stage2 (Lite) plus ours: only ours is exported.
touch "$pi_gen/stage2/SKIP_IMAGES"

# In Docker, pi-gen sees its own folder only: the repository's image/ scripts and the bundle go in with it.
if [ "$docker" = 1 ]; then
  mkdir -p "$pi_gen/mre"
  # Not image/.work: pi-gen is cloned there by default, and would be copied into itself.
  rsync -a --delete --exclude /.work "$repo/image/" "$pi_gen/mre/image/"
  rsync -a --delete "$repo/systemd/" "$pi_gen/mre/systemd/"
  cp "$bundle" "$pi_gen/mre/"
  mre_repo=/pi-gen/mre
  mre_bundle="/pi-gen/mre/$(basename "$bundle")"
else
  mre_repo=$repo
  mre_bundle=$bundle
fi

version=$(basename "$bundle" | sed -E 's/^mre-appliance-(.*)-linux-arm64\.tar\.gz$/\1/')
cat > "$pi_gen/config" <<CONFIG
IMG_NAME="mre-trackside-${version}"
RELEASE="trixie"
DEPLOY_COMPRESSION="xz"
TARGET_HOSTNAME="mre-box"
LOCALE_DEFAULT="en_GB.UTF-8"
TIMEZONE_DEFAULT="Etc/UTC"
KEYBOARD_KEYMAP="us"
KEYBOARD_LAYOUT="English (US)"
FIRST_USER_NAME="mre-admin"
${MRE_ADMIN_PASS:+FIRST_USER_PASS="${MRE_ADMIN_PASS}"}
${MRE_ADMIN_PASS:+DISABLE_FIRST_BOOT_USER_RENAME="1"}
ENABLE_SSH="${ssh}"
ENABLE_CLOUD_INIT="0"
STAGE_LIST="stage0 stage1 stage2 stage-mre"
MRE_REPO="${mre_repo}"
MRE_BUNDLE="${mre_bundle}"
CONFIG
# pi-gen passes only its own variables into the stages' scripts; ours are exported from its config.
echo 'export MRE_REPO MRE_BUNDLE' >> "$pi_gen/config"

cd "$pi_gen"
if [ "$docker" = 1 ]; then ./build-docker.sh; else ./build.sh; fi
image=$(ls -t deploy/*mre*.img.xz 2>/dev/null | head -n 1)
[ -n "$image" ] || { echo "build.sh: pi-gen finished but left no image in $pi_gen/deploy" >&2; exit 1; }
echo "$pi_gen/$image"
