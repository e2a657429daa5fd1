# Starting the installed appliance in the arm64 root and checking it from outside (sourced by
# phases.sh): /healthz names the installed version, /api/status shows the simulator's decoder
# connected and passings arriving, and the scoreboard page and its script are served.

# Inside the root when chrooted, so the config names paths as the box would see them.
root_path() { if [[ $EMULATION == binfmt* ]]; then echo "${1#"$ROOT"}"; else echo "$1"; fi; }

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# Runs as the unit would: user mre (when the install made it), the unit's memory settings, cwd
# /opt/mre/current, and no MRE_* from this shell.
launch() {
  local config=$1 log=$2 user=() current=/opt/mre/current uid gid
  RUN_AS=root
  local envs=(PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/ MALLOC_ARENA_MAX=2 "NODE_OPTIONS=--max-old-space-size=96 --max-semi-space-size=8")
  if [[ $EMULATION == binfmt* ]]; then
    if uid=$(awk -F: '$1=="mre"{print $3}' "$ROOT/etc/passwd") && [[ -n $uid ]]; then
      gid=$(awk -F: '$1=="mre"{print $4}' "$ROOT/etc/passwd")
      chown -R "$uid:$gid" "$RUN_DIR/data"
      RUN_AS="mre ($uid)"
      user=(--userspec="$uid:$gid" --groups="$gid$(awk -F: '$1=="dialout"{print ","$3}' "$ROOT/etc/group")")
    fi
    env -i "${envs[@]}" chroot "${user[@]}" "$ROOT" /bin/sh -c 'cd "$1" && shift && exec /usr/bin/node "$@"' sh \
      "$current" "$current/bin/mre.mjs" appliance start --config "$(root_path "$config")" >"$log" 2>&1 &
  else
    current=$(cd "$ROOT/opt/mre/current" && pwd -P)
    (cd "$current" && exec env -i "${envs[@]}" qemu-aarch64-static -L "$ROOT" "$ROOT/usr/bin/node" "$current/bin/mre.mjs" appliance start --config "$config") >"$log" 2>&1 &
  fi
  APP_PID=$!
}

phase_start() {
  begin "cold start to /healthz"
  if [[ $EMULATION == binfmt* ]]; then
    # Node reads /proc (its own path, the CPUs) and /dev (random, null) as on a box.
    mount_into_root -t proc proc "$ROOT/proc"
    mount_into_root --bind /dev "$ROOT/dev"
  fi
  RUN_DIR=$(mktemp -d "$ROOT/tmp/mre-run.XXXXXX")
  chmod 755 "$RUN_DIR"
  mkdir -m 750 "$RUN_DIR/data"
  PORT=$(free_port)
  URL=http://127.0.0.1:$PORT
  cat >"$RUN_DIR/appliance.json" <<EOF
{
  "track_id": "emulated-arm64",
  "client_id": "box-1",
  "data_dir": "$(root_path "$RUN_DIR/data")",
  "decoder": { "source": "simulator" },
  "http": { "host": "127.0.0.1", "port": $PORT },
  "control": { "token": "emulated-arm64" },
  "log": { "min_free_bytes": 0 }
}
EOF
  chmod 644 "$RUN_DIR/appliance.json"
  launch "$RUN_DIR/appliance.json" "$RUN_DIR/appliance.log"
  local deadline=$(($(date +%s) + READY_TIMEOUT)) code
  for (( ; ; )); do
    kill -0 "$APP_PID" 2>/dev/null || { wait "$APP_PID" && code=0 || code=$?; APP_PID=""; fail "the appliance exited $code before /healthz answered: $(tail -20 "$RUN_DIR/appliance.log")"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL/healthz" || true)
    [[ $code == 200 ]] && break
    (($(date +%s) < deadline)) || fail "/healthz did not answer 200 within $READY_TIMEOUT s (last: $code): $(tail -20 "$RUN_DIR/appliance.log")"
    sleep 1
  done
  end "$URL, as $RUN_AS"
}

# Exits 0 when the JSON on stdin passes the check given as a JS expression over `j`.
json_ok() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let j;try{j=JSON.parse(s)}catch{process.exit(1)}process.exit(eval(process.argv[1])?0:1)})' "$1"; }

phase_checks() {
  begin "status and scoreboard"
  local version status="" deadline=$(($(date +%s) + FLOW_TIMEOUT)) page asset
  version=$(node -p 'require(process.argv[1]).version' "$ROOT/opt/mre/current/manifest.json")
  curl -sf --max-time 10 "$URL/healthz" | json_ok "j.ok===true && j.version===$(node -p 'JSON.stringify(process.argv[1])' "$version")" ||
    fail "/healthz does not name the installed version $version: $(curl -s --max-time 10 "$URL/healthz")"
  until status=$(curl -sf --max-time 10 "$URL/api/status") &&
    json_ok 'j.decoder.state==="connected" && j.intake.passings_this_boot>0 && j.last_passing!==null' <<<"$status"; do
    kill -0 "$APP_PID" 2>/dev/null || fail "the appliance exited: $(tail -20 "$RUN_DIR/appliance.log")"
    (($(date +%s) < deadline)) || fail "no connected decoder with passings in /api/status within $FLOW_TIMEOUT s: ${status:0:600}"
    sleep 2
  done
  echo "   decoder $(node -p 'const j=JSON.parse(process.argv[1]);`${j.decoder.state}, ${j.intake.passings_this_boot} passings this boot`' "$status")"
  page=$(curl -sf --max-time 30 "$URL/") || fail "the scoreboard page / did not answer 200"
  asset=$(grep -o '<script[^>]*src="/assets/[^"]*"' <<<"$page" | head -1 | sed 's/.*src="//; s/"$//')
  [[ -n $asset ]] || fail "the scoreboard page has no /assets/ script: ${page:0:300}"
  curl -sf --max-time 30 -o /dev/null "$URL$asset" || fail "the scoreboard's script $asset did not answer 200"
  end "healthz $version, scoreboard $asset"
}
