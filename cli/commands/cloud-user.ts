/** @module `mre cloud user add|passwd|role|remove|list` and `mre cloud user token issue|revoke`: portal users and admins' API tokens, kept in the accounts bucket. */
import { jetstream } from '@nats-io/jetstream';
import { issueApiToken } from '../../cloud/accounts/api-token.ts';
import { passwordProblem } from '../../cloud/accounts/password.ts';
import { AccountError, UserStore } from '../../cloud/accounts/user-store.ts';
import { MAX_DRIVER_NAMES, MAX_TRANSPONDERS, publicUser, ROLES, USER_NAME, USER_NAME_RULE, type Role } from '../../cloud/accounts/user.ts';
import { createDriverMatching, type UserStore as MatchingUsers } from '../../cloud/liverc/matching/index.ts';
import { syncMember } from '../../cloud/portal/member-sync.ts';
import { loadCloudConfig } from '../../cloud/service/config.ts';
import { closeNats, connectNats } from '../../cloud/service/nats-connection.ts';
import { ULID_PATTERN } from '../../shared/ids/index.ts';
import { configOrUsage, parseCommandArgs, UsageError } from '../command.ts';
import { readNewPassword } from '../password-input.ts';

const COMMON = { config: { type: 'string' }, json: { type: 'boolean' } } as const;

function userName(positionals: string[], extra = 0): string {
  if (positionals.length !== 1 + extra) throw new UsageError(extra ? 'give the user name and the new role (admin or member)' : 'give exactly one user name');
  const name = positionals[0]!;
  if (!USER_NAME.test(name)) throw new UsageError(`user name ${JSON.stringify(name)} must be ${USER_NAME_RULE}`);
  return name;
}

function role(text: string | undefined): Role {
  if (!ROLES.includes(text as Role)) throw new UsageError(`the role must be admin or member, not ${JSON.stringify(text ?? '')}`);
  return text as Role;
}

/** Opens the store, runs `work`, closes NATS; a refusal about the user named is a failure (exit 1). */
async function withStore<T>(file: string | undefined, work: (store: UserStore, matching: () => Promise<MatchingUsers | null>) => Promise<T>): Promise<T> {
  // User commands need no LiveRC contact: the config is read as the ingest role reads it.
  const config = configOrUsage(() => loadCloudConfig(file, process.env, { roles: ['ingest'] }));
  const nc = await connectNats(config.nats_url, 'mre-cloud-user');
  const matching = async () => (config.matching.enabled ? (await createDriverMatching(jetstream(nc))).users : null);
  try {
    return await work(await UserStore.open(nc, config), matching);
  } finally {
    await closeNats(nc);
  }
}

const print = (json: boolean | undefined, data: object, text: string) => process.stdout.write(`${json ? JSON.stringify(data) : text}\n`);

export async function runUserAdd(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...COMMON, role: { type: 'string' }, 'display-name': { type: 'string' }, transponder: { type: 'string', multiple: true }, 'driver-name': { type: 'string', multiple: true } }, true);
  const name = userName(positionals);
  const wanted = role(values.role);
  const transponders = values.transponder ?? [];
  const driverNames = values['driver-name'] ?? [];
  if (transponders.length > MAX_TRANSPONDERS || transponders.some((t) => !/^\d{1,12}$/.test(t))) throw new UsageError(`--transponder takes a transponder number (1-12 digits), at most ${MAX_TRANSPONDERS} of them`);
  if (driverNames.length > MAX_DRIVER_NAMES || driverNames.some((d) => d.trim() === '' || d.length > 80)) throw new UsageError(`--driver-name takes a name as LiveRC shows it (1-80 characters), at most ${MAX_DRIVER_NAMES} of them`);
  const displayName = values['display-name'];
  if (displayName !== undefined && (displayName.trim() === '' || displayName.length > 80)) throw new UsageError('--display-name must be 1-80 characters');
  const password = await readNewPassword(name, passwordProblem);
  const user = await withStore(values.config, async (store, matching) => {
    const added = await store.create({ name, role: wanted, password, display_name: displayName?.trim() ?? null, transponders, driver_names: driverNames.map((d) => d.trim()) });
    // Driver matching sees the member now, not only at the next import (which copies every account again).
    const users = await matching();
    if (users) await syncMember(added, users);
    return added;
  });
  print(values.json, publicUser(user), `added ${user.role} ${user.name}`);
  return 0;
}

export async function runUserPasswd(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, COMMON, true);
  const name = userName(positionals);
  const password = await readNewPassword(name, passwordProblem);
  const user = await withStore(values.config, (store) => store.setPassword(name, password));
  print(values.json, { name: user.name, password_changed_at: user.updated_at }, `changed the password of ${user.name}; the user's sessions have ended`);
  return 0;
}

export async function runUserRole(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, COMMON, true);
  const name = userName(positionals, 1);
  const wanted = role(positionals[1]);
  const user = await withStore(values.config, async (store) => {
    const before = await store.get(name);
    if (!before) throw new AccountError(`user ${name} does not exist`);
    // A role change ends the user's sessions: a demoted admin's open pages must not keep admin rights.
    return before.role === wanted ? before : store.update(name, () => ({ role: wanted }));
  });
  print(values.json, publicUser(user), `${user.name} is ${user.role === 'admin' ? 'an admin' : 'a member'}`);
  return 0;
}

export async function runUserRemove(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, COMMON, true);
  const name = userName(positionals);
  await withStore(values.config, (store) => store.remove(name));
  print(values.json, { removed: name }, `removed ${name}; the user's sessions and API tokens no longer work`);
  return 0;
}

export async function runUserList(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, COMMON);
  const { users, tokens } = await withStore(values.config, async (store) => ({ users: await store.list(), tokens: await store.tokens() }));
  const listed = users.map((u) => ({ ...publicUser(u), api_tokens: tokens.filter((t) => t.user === u.name).map((t) => ({ id: t.id, created_at: t.created_at })) }));
  if (values.json) return print(true, { users: listed }, ''), 0;
  if (listed.length === 0) return print(false, {}, 'no users yet; make the first admin with: mre cloud user add NAME --role admin'), 0;
  const width = Math.max(...listed.map((u) => u.name.length));
  print(false, {}, listed.map((u) => `${u.name.padEnd(width)}  ${u.role.padEnd(6)}  ${u.display_name ?? '-'}${u.api_tokens.length ? `  (${u.api_tokens.length} API token${u.api_tokens.length === 1 ? '' : 's'})` : ''}`).join('\n'));
  return 0;
}

export async function runUserTokenIssue(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, COMMON, true);
  const name = userName(positionals);
  const { token, record } = await withStore(values.config, async (store) => {
    const user = await store.get(name);
    if (!user) throw new AccountError(`user ${name} does not exist`);
    if (user.role !== 'admin') throw new AccountError(`${name} is a member: API tokens are for admins' scripts`);
    return issueApiToken(store, user);
  });
  if (values.json) return print(true, { token, id: record.id, user: record.user, created_at: record.created_at }, ''), 0;
  // The token alone on stdout, so `TOKEN=$(mre cloud user token issue …)` works.
  process.stdout.write(`${token}\n`);
  process.stderr.write(`API token ${record.id} for ${record.user}; it is shown once. Revoke it with: mre cloud user token revoke ${record.id}\n`);
  return 0;
}

export async function runUserTokenRevoke(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, COMMON, true);
  if (positionals.length !== 1 || !ULID_PATTERN.test(positionals[0]!)) throw new UsageError('give the API token id `mre cloud user token issue` printed (26 characters)');
  const record = await withStore(values.config, (store) => store.revokeToken(positionals[0]!));
  print(values.json, { revoked: record.id, user: record.user }, `revoked API token ${record.id} of ${record.user}`);
  return 0;
}
