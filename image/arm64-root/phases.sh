# The phases of emulate-appliance.sh (sourced by it): root, bundle, install, start, checks, stop,
# each timed, with one trap that stops the appliance, unmounts and removes what the run made.

PHASE="" PHASE_START=0 MADE_WORK=0 RESULT=FAILED APP_PID="" RUN_DIR="" EMULATION=""
TIMES=() MOUNTS=()

begin() { PHASE=$1; PHASE_START=$(date +%s); echo "== $PHASE"; }
end() {
  local took=$(($(date +%s) - PHASE_START))
  TIMES+=("$(printf '%-22s %5d s' "$PHASE" "$took")")
  echo "   $PHASE: ${took} s${1:+ ($1)}"
}
fail() { echo "FAILED in phase '$PHASE': $*" >&2; exit 1; }

cleanup() {
  local code=$? i
  trap - EXIT INT TERM
  stop_appliance quietly || true
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount "${MOUNTS[i]}" 2>/dev/null || umount -l "${MOUNTS[i]}" || true; done
  if ((KEEP)); then echo "kept: $WORK${RUN_DIR:+ and $RUN_DIR}"
  else
    [[ -z $RUN_DIR ]] || rm -rf --one-file-system "$RUN_DIR"
    # Only a folder this run made: --work may name one that holds more.
    ((MADE_WORK == 0)) || rm -rf --one-file-system "$WORK"
  fi
  echo "== phases"
  printf '   %s\n' "${TIMES[@]}"
  echo "== result: $RESULT${EMULATION:+ ($EMULATION)}"
  exit "$code"
}

# Sends SIGTERM and waits (emulated, the shutdown is slow); the exit code is the process's own.
stop_appliance() {
  [[ -n $APP_PID ]] || return 0
  local pid=$APP_PID code=0 i
  APP_PID=""
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 120; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; echo "the appliance did not stop within 60 s of SIGTERM: killed" >&2; wait "$pid" 2>/dev/null; return 1; fi
  wait "$pid" || code=$?
  [[ ${1:-} == quietly ]] || echo "   the appliance exited $code on SIGTERM"
  return "$code"
}

mount_into_root() { mount "$@" && MOUNTS+=("${*: -1}"); }

# The root's own node: in a chroot when binfmt_misc runs arm64 binaries, else qemu with -L.
in_root() {
  if [[ $EMULATION == binfmt* ]]; then chroot "$ROOT" "$@"
  else local bin=$1; shift; qemu-aarch64-static -L "$ROOT" "$ROOT$bin" "$@"; fi
}

phase_prerequisites() {
  begin prerequisites
  check_prerequisites >/dev/null || { check_prerequisites; fail "a prerequisite is missing"; }
  if ((FOREIGN)); then EMULATION="qemu-aarch64-static -L (--foreign)"
  elif binfmt_state >/dev/null; then EMULATION="binfmt_misc, chroot"
  else
    # Some containers may not mount or register binfmt_misc; the foreign path needs neither.
    [[ -e /proc/sys/fs/binfmt_misc/register ]] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || true
    update-binfmts --enable qemu-aarch64 2>/dev/null || true
    if binfmt_state >/dev/null; then EMULATION="binfmt_misc (enabled by this run), chroot"
    else EMULATION="qemu-aarch64-static -L (binfmt_misc: $(binfmt_state || true))"; fi
  fi
  [[ -n $WORK ]] || { WORK=$(mktemp -d /var/tmp/mre-arm64-root.XXXXXX); MADE_WORK=1; }
  mkdir -p "$WORK"
  end "$EMULATION"
}

phase_debootstrap() {
  if [[ -n $ROOT ]]; then echo "== debootstrap: using $ROOT"; return; fi
  begin debootstrap
  ROOT=$WORK/root
  local args=(--arch=arm64 --variant=minbase "--include=$INCLUDE" "$SUITE" "$ROOT" "$MIRROR")
  if [[ $EMULATION == binfmt* ]]; then
    debootstrap "${args[@]}" >"$WORK/debootstrap.log" 2>&1 || fail "debootstrap: $(tail -5 "$WORK/debootstrap.log")"
  else
    # The second stage runs the root's maintainer scripts, which only binfmt_misc can: unpack
    # every downloaded package instead, enough for node and the bundle to run under qemu.
    debootstrap --foreign "${args[@]}" >"$WORK/debootstrap.log" 2>&1 || fail "debootstrap --foreign: $(tail -5 "$WORK/debootstrap.log")"
    local deb
    for deb in "$ROOT"/var/cache/apt/archives/*.deb; do dpkg-deb -x "$deb" "$ROOT"; done
    [[ -e $ROOT/etc/passwd ]] || cp "$ROOT/usr/share/base-passwd/passwd.master" "$ROOT/etc/passwd"
    [[ -e $ROOT/etc/group ]] || cp "$ROOT/usr/share/base-passwd/group.master" "$ROOT/etc/group"
  fi
  end "$(du -sh --one-file-system "$ROOT" | cut -f1)"
}

phase_node() {
  begin "root's node"
  local version arch
  version=$(in_root /usr/bin/node -p 'process.versions.node') || fail "the root's /usr/bin/node does not run"
  arch=$(in_root /usr/bin/node -p 'process.arch')
  [[ $arch == arm64 ]] || fail "the root's node reports arch $arch, not arm64"
  node -e 'const [a,b]=[process.argv[1],process.argv[2]].map(v=>v.split(".").map(Number));process.exit(a[0]>b[0]||(a[0]===b[0]&&a[1]>=b[1])?0:1)' "$version" "$NODE_MIN" ||
    fail "the root's node is $version; the bundle needs >= $NODE_MIN"
  end "node $version, $arch"
}

phase_bundle() {
  if [[ -n $BUNDLE ]]; then echo "== bundle: using $BUNDLE"; return; fi
  begin bundle
  mkdir -p "$WORK/bundle"
  BUNDLE=$(cd "$REPO" && npm run --silent bundle:appliance -- --arch arm64 --out "$WORK/bundle" 2>"$WORK/bundle.log" | tail -1) ||
    fail "npm run bundle:appliance: $(tail -5 "$WORK/bundle.log")"
  [[ -f $BUNDLE ]] || fail "npm run bundle:appliance printed no tarball"
  end "$(basename "$BUNDLE")"
}

phase_install() {
  begin install
  local script=$REPO/image/install-into-root.sh how=install-into-root.sh unit path
  [[ -f $script ]] || fail "$script is missing"
  bash "$script" --root "$ROOT" --bundle "$BUNDLE" >"$WORK/install.log" 2>&1 || fail "install-into-root.sh: $(tail -5 "$WORK/install.log")"
  # The box makes its users at boot from sysusers.d; the root's own systemd-sysusers does it here.
  if [[ $EMULATION == binfmt* ]]; then
    chroot "$ROOT" systemd-sysusers >>"$WORK/install.log" 2>&1 || fail "systemd-sysusers in the root: $(tail -5 "$WORK/install.log")"
  elif command -v systemd-sysusers >/dev/null; then
    systemd-sysusers --root "$ROOT" >>"$WORK/install.log" 2>&1 || fail "systemd-sysusers --root: $(tail -5 "$WORK/install.log")"
  fi
  if grep -q '^mre:' "$ROOT/etc/passwd"; then how+=", user mre"; fi
  [[ -f $ROOT/opt/mre/current/bin/mre.mjs ]] || fail "no /opt/mre/current/bin/mre.mjs in the root after the install"
  unit=$ROOT/etc/systemd/system/mre-appliance.service
  [[ -f $unit ]] || fail "no mre-appliance.service in the root's /etc/systemd/system after the install"
  for path in $(sed -n 's/^ExecStart=\([^ ]*\) \([^ ]*\).*/\1 \2/p' "$unit"); do
    [[ -e $ROOT$path ]] || fail "the installed unit's ExecStart names $path, which the root does not have"
  done
  end "$how: /opt/mre/current -> $(readlink "$ROOT/opt/mre/current")"
}

source "$REPO/image/arm64-root/run-appliance.sh"

run_all() {
  trap cleanup EXIT
  trap 'echo "interrupted in phase '"'"'$PHASE'"'"'" >&2; exit 130' INT TERM
  phase_prerequisites
  phase_debootstrap
  phase_node
  phase_bundle
  phase_install
  phase_start
  phase_checks
  begin stop
  stop_appliance || fail "the appliance did not stop cleanly on SIGTERM (log: $RUN_DIR/appliance.log)"
  end
  RESULT=PASSED
}
