/** @module The admin routes' refusals (an HTTP status with the reason in plain words), their JSON body reader and the signed-in admin's name. */
import type { Context } from 'hono';
import { principalOf } from '../accounts/door.ts';

export class Refusal extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 503,
    message: string,
  ) {
    super(message);
  }
}

export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = await c.req.json();
  } catch {
    throw new Refusal(400, 'the body must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Refusal(400, 'the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export const adminName = (c: Context) => principalOf(c)!.user.name;
