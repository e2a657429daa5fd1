/** @module `mre update`: installs an appliance bundle beside the running release and switches over, rolling back when it does not come up (appliance/update); `--rollback` and `--list`. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installUpdate, rollBack, type UpdateOptions, type UpdateOutcome } from '../../appliance/update/install.ts';
import { PARTIAL_SUFFIX, releaseLayout } from '../../appliance/update/layout.ts';
import { linkedVersion } from '../../appliance/update/links.ts';
import { DEFAULT_RESTART_CMD } from '../../appliance/update/restart.ts';
import { UpdateError } from '../../appliance/update/update-error.ts';
import { MANIFEST_FILE, type BundleManifest } from '../../shared/release/manifest.ts';
import { applianceBaseUrl } from '../appliance-url.ts';
import { parseCommandArgs, UsageError } from '../command.ts';

function wholeNumber(flag: string, text: string | undefined, fallback: number, least: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) throw new UsageError(`${flag}: expected a whole number of at least ${least}, got "${text}"`);
  return value;
}

function readyUrlFlag(text: string): string {
  if (!/^https?:\/\/[^/]+\/\S*$/.test(text)) throw new UsageError(`--ready-url: expected http://host:port/path, got "${text}"`);
  return text;
}

function listReleases(root: string): string {
  const layout = releaseLayout(root);
  const current = linkedVersion(layout.current);
  const previous = linkedVersion(layout.previous);
  const names = existsSync(layout.releases) ? readdirSync(layout.releases).filter((n) => !n.endsWith(PARTIAL_SUFFIX)).sort() : [];
  if (names.length === 0) return `no release is installed in ${layout.releases}`;
  return names
    .map((name) => {
      let built = '';
      try {
        const manifest = JSON.parse(readFileSync(join(layout.releases, name, MANIFEST_FILE), 'utf8')) as BundleManifest;
        built = `built ${manifest.built_at}, commit ${manifest.commit.slice(0, 12)}`;
      } catch {
        built = 'no readable manifest.json';
      }
      const mark = name === current ? 'current ' : name === previous ? 'previous' : '        ';
      return `${mark} ${name}  ${built}`;
    })
    .join('\n');
}

function exitCode(outcome: UpdateOutcome, say: (line: string) => void): number {
  if (outcome.kind !== 'rolled-back') return 0;
  say(`mre update: ${outcome.from} did not come up, the box runs ${outcome.to} again (${outcome.reason}); see journalctl -u mre-appliance -n 50`);
  return 1;
}

export async function runUpdate(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      rollback: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      root: { type: 'string', default: '/' },
      'restart-cmd': { type: 'string', default: DEFAULT_RESTART_CMD },
      'ready-url': { type: 'string' },
      'ready-timeout': { type: 'string' },
      keep: { type: 'string' },
    },
    true,
  );
  const root = values.root;
  if (values.list) {
    process.stdout.write(`${listReleases(root)}\n`);
    return 0;
  }
  if (values.rollback ? positionals.length !== 0 : positionals.length !== 1) throw new UsageError(values.rollback ? '--rollback takes no bundle file' : 'expected one bundle file: mre update FILE');
  const configFile = join(root, 'etc', 'mre-trackside', 'appliance.json');
  const readyUrl = values['ready-url'] === undefined ? `${applianceBaseUrl(undefined, existsSync(configFile) ? configFile : undefined)}/healthz` : readyUrlFlag(values['ready-url']);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const options: UpdateOptions = {
    root,
    restartCmd: values['restart-cmd'],
    readyUrl,
    readyTimeoutMs: wholeNumber('--ready-timeout', values['ready-timeout'], 60, 1) * 1000,
    // The current release and the one to go back to always stay.
    keep: wholeNumber('--keep', values.keep, 3, 2),
    say,
  };
  try {
    return exitCode(values.rollback ? await rollBack(options) : await installUpdate(positionals[0]!, options), say);
  } catch (error) {
    if (!(error instanceof UpdateError)) throw error;
    say(`mre update: ${error.message}`);
    return 1;
  }
}
