/** @module The cloud roles one `mre cloud start` process can run, and how a list of them is read (`--roles ingest,liverc`, MRE_CLOUD_ROLES, the config's `roles`). */
import { z } from 'zod';

/** Every role that exists so far; `mre cloud start` runs them all unless told otherwise. */
export const CLOUD_ROLES = ['ingest', 'liverc', 'race', 'projection', 'gateway'] as const;

export type CloudRole = (typeof CLOUD_ROLES)[number];

const roleSchema = z.enum(CLOUD_ROLES, { error: (issue) => `role ${JSON.stringify(issue.input)} is not one of ${CLOUD_ROLES.join(', ')}` });

/** A JSON array or comma-separated text (from a flag or env var); at least one role, each once. */
export const rolesSchema = z
  .preprocess((v) => (typeof v === 'string' ? v.split(',').map((r) => r.trim()).filter(Boolean) : v), z.array(roleSchema, { error: `expected a list of roles (${CLOUD_ROLES.join(', ')})` }))
  .pipe(z.array(roleSchema).nonempty({ error: `name at least one role (${CLOUD_ROLES.join(', ')})` }))
  .transform((roles) => [...new Set(roles)]);

/** `--roles` as typed, or a one-line reason it is wrong. */
export function parseRoles(text: string): CloudRole[] {
  const result = rolesSchema.safeParse(text);
  if (!result.success) throw new Error(`--roles: ${result.error.issues.map((i) => i.message).join('; ')}`);
  return result.data;
}
