/**
 * @module Small appliance bundles for `mre update` tests: a real tarball with a valid manifest
 * whose bin/mre.mjs is a tiny server answering /healthz (ready, never ready, or exiting at once),
 * and the restart command that runs whatever /opt/mre/current points at, as systemd would.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256File, type BundleManifest, type TargetArch } from '../../shared/release/manifest.ts';

export type FakeMode = 'ready' | 'never' | 'crash';

export interface FakeBundleOptions {
  version: string;
  mode?: FakeMode;
  arch?: TargetArch;
  node?: string;
  /** Changes the unpacked folder after the manifest is written and before it is packed. */
  tamper?: (dir: string) => void;
}

const APP = `import { createServer } from 'node:http';
import { appendFileSync, readFileSync } from 'node:fs';
const { version } = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8'));
const mode = readFileSync(new URL('../mode', import.meta.url), 'utf8').trim();
// Each start leaves a line in the data directory, which must outlive every switch.
appendFileSync(process.env.FAKE_DATA, version + '\\n');
if (mode === 'crash') process.exit(1);
const server = createServer((req, res) => {
  if (req.url !== '/healthz') {
    res.writeHead(404).end();
    return;
  }
  const ready = mode === 'ready';
  res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify(ready ? { ok: true, version } : { ok: false, problem: 'the log is not open yet', version }));
});
server.listen(Number(process.env.FAKE_PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** Writes `mre-appliance-<version>-linux-<arch>.tar.gz` into `out` and returns its path. */
export function makeFakeBundle(out: string, options: FakeBundleOptions): string {
  const arch = options.arch ?? (process.arch === 'arm64' ? 'arm64' : 'x64');
  const folder = `mre-appliance-${options.version}`;
  const staging = join(out, `.staging-${options.version}`);
  const dir = join(staging, folder);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'bin', 'mre.mjs'), APP);
  chmodSync(join(dir, 'bin', 'mre.mjs'), 0o755);
  writeFileSync(join(dir, 'mode'), `${options.mode ?? 'ready'}\n`);
  const files = Object.fromEntries(['bin/mre.mjs', 'mode'].map((f) => [f, sha256File(join(dir, f))]));
  const manifest: BundleManifest = { name: 'mre-appliance', version: options.version, commit: 'f'.repeat(40), arch, node: options.node ?? '>=20.19', built_at: new Date().toISOString(), files };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  options.tamper?.(dir);
  const tarball = join(out, `${folder}-linux-${arch}.tar.gz`);
  execFileSync('tar', ['-czf', tarball, '-C', staging, folder]);
  rmSync(staging, { recursive: true, force: true });
  return tarball;
}

/**
 * A restart command for `--restart-cmd`: stops the app it started last (pid file) and starts
 * ROOT/opt/mre/current/bin/mre.mjs in the background from that folder with `env`, as
 * `systemctl restart` would.
 */
export function restartCommand(dir: string, root: string, env: Record<string, string>, args: string[] = []): string {
  const script = join(dir, 'restart.sh');
  const assignments = Object.entries(env).map(([key, value]) => `${key}='${value}'`).join(' ');
  writeFileSync(
    script,
    `#!/bin/sh
pidfile='${dir}/app.pid'
if [ -f "$pidfile" ]; then
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null
  n=0
  while kill -0 "$pid" 2>/dev/null && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
  kill -9 "$pid" 2>/dev/null
fi
cd '${root}/opt/mre/current' || exit 1
env -u NODE_OPTIONS -u NODE_PATH ${assignments} nohup '${process.execPath}' '${root}/opt/mre/current/bin/mre.mjs' ${args.join(' ')} >>'${dir}/app.out' 2>&1 &
echo $! > "$pidfile"
`,
  );
  chmodSync(script, 0o755);
  return script;
}

/** The restart command for fake bundles: their app listens on `port` and notes each start in `dataFile`. */
export function fakeRestartCommand(dir: string, root: string, port: number, dataFile: string): string {
  return restartCommand(dir, root, { FAKE_PORT: String(port), FAKE_DATA: dataFile });
}

/** Stops the app the restart command started last, if any. */
export function stopFakeApp(dir: string): void {
  try {
    process.kill(Number(readFileSync(join(dir, 'app.pid'), 'utf8')), 'SIGKILL');
  } catch {
    // Never started, or gone already.
  }
}
