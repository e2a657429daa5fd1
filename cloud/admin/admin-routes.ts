/**
 * @module `/api/admin`: the admin console's routes, admins only (session with CSRF token, or an
 * admin's API token). Box tokens: issue (the token answered once), list, revoke. Users: list, add,
 * change role, remove. Recent import jobs. Driver links (driver-link-routes.ts). Bodies are small JSON; every change is logged with the admin's name.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createLogger } from '../../shared/log/index.ts';
import { TOKEN_PATTERN } from '../../shared/contracts/tokens.ts';
import { ULID_PATTERN } from '../../shared/ids/index.ts';
import type { Door } from '../accounts/door.ts';
import { passwordProblem } from '../accounts/password.ts';
import { AccountError, type UserStore } from '../accounts/user-store.ts';
import { publicUser, ROLES, USER_NAME, USER_NAME_RULE, type Role } from '../accounts/user.ts';
import type { JobQueue } from '../liverc/jobs/job-queue.ts';
import type { JobState } from '../liverc/jobs/job-state.ts';
import { adminName, jsonBody, Refusal } from './admin-refusal.ts';
import type { BoxTokenBook } from './box-token-book.ts';
import { driverLinkRoutes, type DriverLinkDeps } from './driver-link-routes.ts';

export const ADMIN_API_PREFIX = '/api/admin';
/** The largest body here is a user with a password: a few hundred bytes. */
export const MAX_ADMIN_BODY = 4096;

const log = createLogger('cloud:admin');

function field(body: Record<string, unknown>, name: string, pattern: RegExp, rule: string): string {
  const value = body[name];
  if (typeof value !== 'string' || !pattern.test(value)) throw new Refusal(400, `${name} must be ${rule}`);
  return value;
}

function roleField(body: Record<string, unknown>): Role {
  const value = body.role;
  if (typeof value !== 'string' || !(ROLES as readonly string[]).includes(value)) throw new Refusal(400, `role must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

const TOKEN_ID_RULE = '1-64 lowercase letters, digits, "_" or "-", starting with a letter or digit';

function userName(c: Context): string {
  const name = c.req.param('name') ?? '';
  if (!USER_NAME.test(name)) throw new Refusal(400, `user name must be ${USER_NAME_RULE}`);
  return name;
}

/** An admin who removed or demoted themselves could lock every admin out of the console. */
function notSelf(c: Context, name: string, what: string): void {
  if (name === adminName(c)) throw new Refusal(409, `you cannot ${what} yourself: another admin must`);
}

export interface AdminDeps {
  door: Door;
  store: UserStore;
  /** Null when this process has no box-token secret (ingest.token_secret): the box-token routes answer 503. */
  boxTokens: BoxTokenBook | null;
  queue: JobQueue;
  /** Driver matching and the LiveRC store behind `driver-links`; absent where this process runs no matching at all. */
  driverLinks?: DriverLinkDeps;
}

/** The jobs list shows no log: a job's lines come from its own stream when the admin opens it. */
export const MAX_JOBS = 100;
const jobSummary = ({ log, ...job }: JobState) => ({ ...job, log_lines: log.length + job.log_dropped });

function jobListRoute(app: Hono, queue: JobQueue): void {
  app.get('/jobs', async (c) => {
    const text = c.req.query('limit') ?? '30';
    const limit = Number(text);
    if (!/^\d+$/.test(text) || limit < 1 || limit > MAX_JOBS) throw new Refusal(400, `limit must be a whole number from 1 to ${MAX_JOBS}`);
    return c.json({ jobs: (await queue.recent(limit)).map(jobSummary) });
  });
}

function boxTokenRoutes(app: Hono, book: BoxTokenBook | null): void {
  const need = (): BoxTokenBook => {
    if (!book) throw new Refusal(503, 'this cloud process has no box-token secret (ingest.token_secret): issue tokens with mre cloud token issue');
    return book;
  };

  app.get('/box-tokens', async (c) => c.json({ tokens: await need().list() }));

  app.post('/box-tokens', async (c) => {
    const body = await jsonBody(c);
    const subject = { track_id: field(body, 'track_id', TOKEN_PATTERN, TOKEN_ID_RULE), client_id: field(body, 'client_id', TOKEN_PATTERN, TOKEN_ID_RULE) };
    const { token, record } = await need().issue(subject, adminName(c));
    log.info('admin issued a box token', { admin: record.issued_by, jti: record.jti, track_id: record.track_id, client_id: record.client_id });
    return c.json({ token, ...record }, 201);
  });

  app.post('/box-tokens/:jti/revoke', async (c) => {
    const jti = c.req.param('jti');
    if (!ULID_PATTERN.test(jti)) throw new Refusal(400, 'a token id is the 26-character id shown when it was issued');
    const tokens = need();
    if (!(await tokens.get(jti))) throw new Refusal(404, `box token ${jti} was not issued here (a token from mre cloud token issue is revoked with mre cloud token revoke)`);
    const revoked = await tokens.revoke(jti, `revoked by ${adminName(c)} in the admin console`);
    log.info('admin revoked a box token', { admin: adminName(c), jti });
    return c.json(revoked);
  });
}

function userRoutes(app: Hono, store: UserStore): void {
  app.get('/users', async (c) => c.json({ users: (await store.list()).map(publicUser) }));

  app.post('/users', async (c) => {
    const body = await jsonBody(c);
    const name = field(body, 'name', USER_NAME, USER_NAME_RULE);
    const role = roleField(body);
    const password = typeof body.password === 'string' ? body.password : '';
    const problem = passwordProblem(password);
    if (problem) throw new Refusal(400, problem);
    const user = await store.create({ name, role, password });
    log.info('admin added a user', { admin: adminName(c), user: name, role });
    return c.json({ user: publicUser(user) }, 201);
  });

  app.put('/users/:name/role', async (c) => {
    const name = userName(c);
    const role = roleField(await jsonBody(c));
    notSelf(c, name, 'change the role of');
    const before = await store.get(name);
    if (!before) throw new Refusal(404, `user ${name} does not exist`);
    // A role change ends the user's sessions: the next request is made with the new role.
    const user = before.role === role ? before : await store.update(name, () => ({ role }));
    log.info('admin changed a role', { admin: adminName(c), user: name, from: before.role, to: role });
    return c.json({ user: publicUser(user) });
  });

  app.delete('/users/:name', async (c) => {
    const name = userName(c);
    notSelf(c, name, 'remove');
    if (!(await store.get(name))) throw new Refusal(404, `user ${name} does not exist`);
    await store.remove(name);
    log.info('admin removed a user', { admin: adminName(c), user: name });
    return c.json({ removed: name });
  });
}

export function adminRoutes(deps: AdminDeps): Hono {
  const app = new Hono();
  app.use('*', bodyLimit({ maxSize: MAX_ADMIN_BODY, onError: (c) => c.json({ error: `request bodies here are at most ${MAX_ADMIN_BODY} bytes` }, 413) }));
  app.use('*', deps.door.signedIn, deps.door.role('admin'));
  boxTokenRoutes(app, deps.boxTokens);
  userRoutes(app, deps.store);
  jobListRoute(app, deps.queue);
  if (deps.driverLinks) driverLinkRoutes(app, deps.driverLinks);
  app.notFound((c) => c.json({ error: `no such admin route: ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    if (error instanceof Refusal) return c.json({ error: error.message }, error.status);
    if (error instanceof AccountError) return c.json({ error: error.message }, /does not exist/.test(error.message) ? 404 : 409);
    log.error('admin request failed', { method: c.req.method, path: c.req.path, err: error });
    return c.json({ error: 'the admin request failed on the server; see its log' }, 500);
  });
  return app;
}
