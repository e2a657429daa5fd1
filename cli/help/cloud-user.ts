/** @module `--help` texts of `mre cloud user …`: portal users and admins' API tokens. */
const EXITS = 'Exits 0 on success, 1 with a one-line reason on failure (no such user, one that exists\nalready, NATS away), 2 on wrong usage or configuration.';

const COMMON = `  --config FILE   cloud config (JSON; see docs/cloud.md): nats_url, streams.buckets.accounts
  --json          print the outcome as one JSON object on stdout
  -h, --help      this text`;

const PASSWORD = `The password is never taken from the command line: at a terminal it is asked for twice
with no echo; otherwise it is the first line of standard input, e.g.
  printf '%s\\n' "$PASSWORD" | mre cloud user add alice --role admin
At least 10 characters, at most 1024. Stored as a scrypt hash (N=2^15, r=8, p=1, a random
16-byte salt per user).`;

export const USER_ADD_HELP = `Usage: mre cloud user add NAME --role admin|member [--display-name TEXT]
                         [--transponder NUMBER]... [--driver-name TEXT]... [--config FILE] [--json]

Adds a portal user. Admins may sync the LiveRC catalogue, refresh tracks and import events
again; members may search and import events. There is no default user or password: the
first admin is made with this command.

${PASSWORD}

  NAME                 1-64 lowercase letters, digits, ".", "_" or "-"
  --role ROLE          admin or member
  --display-name TEXT  the name the portal shows (1-80 characters)
  --transponder N      a transponder the user races with (repeat; at most 20)
  --driver-name TEXT   the user's name as LiveRC results show it (repeat; at most 20)
${COMMON}

${EXITS}`;

export const USER_PASSWD_HELP = `Usage: mre cloud user passwd NAME [--config FILE] [--json]

Sets a user's password. Every session of the user ends (the user signs in again).

${PASSWORD}

${COMMON}

${EXITS}`;

export const USER_ROLE_HELP = `Usage: mre cloud user role NAME admin|member [--config FILE] [--json]

Makes the user an admin or a member. A change ends the user's sessions, so no open page
keeps the old rights.

${COMMON}

${EXITS}`;

export const USER_REMOVE_HELP = `Usage: mre cloud user remove NAME [--config FILE] [--json]

Removes the user: the user's sessions and API tokens stop working at their next request.

${COMMON}

${EXITS}`;

export const USER_LIST_HELP = `Usage: mre cloud user list [--config FILE] [--json]

Lists the users: name, role, display name and API tokens (ids only). Never a password hash.

${COMMON}

${EXITS}`;

export const USER_TOKEN_ISSUE_HELP = `Usage: mre cloud user token issue NAME [--config FILE] [--json]

Prints a new API token for an admin's scripts: send it as "Authorization: Bearer <token>"
to the portal API (no cookie or CSRF token needed). It acts with its user's role, is
shown once (only its SHA-256 is kept), and stops working when revoked or its user removed.
The token alone goes to stdout, its id to stderr.

${COMMON}

${EXITS}`;

export const USER_TOKEN_REVOKE_HELP = `Usage: mre cloud user token revoke ID [--config FILE] [--json]

Revokes an API token by the id \`mre cloud user token issue\` printed (also in
\`mre cloud user list --json\`); it is refused from its next request.

${COMMON}

${EXITS}`;
