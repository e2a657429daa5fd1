/** @module What driver matching keeps in KV: bucket names, the key grammar, the per-event input schema, both link records, the run report and its errors. */
import { z } from 'zod';
import { contractErrorFrom } from '../../../shared/contracts/tokens.ts';

export const USERS_BUCKET = 'liverc_users';
export const EVENT_LINKS_BUCKET = 'liverc_event_driver_links';
export const USER_LINKS_BUCKET = 'liverc_user_driver_links';

/** A member's id: one lower-case KV key token, so it can lead a link key and a `user.>` filter. */
export const USER_ID_PATTERN = /^[a-z0-9_-]+$/;

/**
 * A driver key is one KV token of `[A-Za-z0-9_-]`: never a dot (it would split the link key into
 * more tokens), never `*` or `>` (they would turn a lookup into a wildcard). The LiveRC store makes
 * them (`driverKey` in `../store/keys.ts`): `d<LiveRC driver id>` when the page gives one
 * (`d346997`; LiveRC's id is global, so one key follows a driver from event to event), else
 * `n-<hash of the normalised name>`, so one spelling gets one key in every event.
 */
export const DRIVER_KEY_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Event ids are LiveRC's numeric ids in practice; any single token is accepted. */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Long enough for a ULID or any LiveRC id; short enough to keep a three-token key readable. */
export const MAX_TOKEN_LENGTH = 64;

/** `${user_id}.${event_id}.${driver_key}` in `liverc_event_driver_links`. */
export const eventLinkKey = (user_id: string, event_id: string, driver_key: string) => `${user_id}.${event_id}.${driver_key}`;

/** `${user_id}.${driver_key}` in `liverc_user_driver_links`. */
export const userLinkKey = (user_id: string, driver_key: string) => `${user_id}.${driver_key}`;

/** Key filters for the lookups links are read by. */
export const linkFilters = {
  eventLinksOfEvent: (event_id: string) => `*.${event_id}.*`,
  eventLinksOfUser: (user_id: string) => `${user_id}.*.*`,
  eventLinksOfPair: (user_id: string, driver_key: string) => `${user_id}.*.${driver_key}`,
  userLinksOfUser: (user_id: string) => `${user_id}.*`,
  userLinksOfDriver: (driver_key: string) => `*.${driver_key}`,
};

const token = (what: string, pattern: RegExp, alphabet: string) =>
  z.string().refine((value) => value.length > 0 && value.length <= MAX_TOKEN_LENGTH && pattern.test(value), {
    error: (issue) => `${what} ${JSON.stringify(issue.input)} must be 1-${MAX_TOKEN_LENGTH} characters of ${alphabet}`,
  });

export const userIdSchema = token('user_id', USER_ID_PATTERN, '[a-z0-9_-]');
export const eventIdSchema = token('event_id', EVENT_ID_PATTERN, '[A-Za-z0-9_-]');
export const driverKeySchema = token('driver_key', DRIVER_KEY_PATTERN, '[A-Za-z0-9_-]');

/**
 * One imported event's drivers. A driver entered in two classes may come twice with the same
 * key and a different transponder (one per car); the matcher merges the rows.
 */
export const matchInputSchema = z.object({
  event_id: eventIdSchema,
  drivers: z.array(
    z.object({
      driver_key: driverKeySchema,
      source_driver_id: z.string().nullable(),
      display_name: z.string(),
      transponder: z.string().nullable(),
    }),
  ),
});
export type MatchInput = z.input<typeof matchInputSchema>;
export type MatchDriver = MatchInput['drivers'][number];

export type MatchType = 'transponder' | 'name' | 'fuzzy';
/** `rejected`: a person said this member is not this driver; the matcher never links the pair again. */
export type LinkStatus = 'confirmed' | 'suggested' | 'conflict' | 'rejected';
export const LINK_STATUSES: readonly LinkStatus[] = ['suggested', 'conflict', 'confirmed', 'rejected'];
export const MATCHER_ID = 'liverc-v1';

/** `liverc_event_driver_links`, key `${user_id}.${event_id}.${driver_key}`: one member seen in one event. */
export interface EventDriverLink {
  user_id: string;
  event_id: string;
  driver_key: string;
  match_type: MatchType;
  /** The transponder that matched; for a name or fuzzy match the driver's own, or null if unknown. */
  transponder: string | null;
  /** Jaro-Winkler of the normalised names (1 for an exact name), recorded for transponder matches too. */
  similarity: number;
  status: LinkStatus;
}

/** `liverc_user_driver_links`, key `${user_id}.${driver_key}`: a member is this driver, over all events. */
export interface UserDriverLink {
  user_id: string;
  driver_key: string;
  status: LinkStatus;
  /** The best similarity among the pair's event links. */
  similarity: number;
  matcher: typeof MATCHER_ID;
  /** Event ids with a link for this pair, sorted. */
  events: string[];
  /** ISO 8601: first written. */
  matched_at: string;
  /** ISO 8601: when it became confirmed (automatically or by a person), else null. */
  confirmed_at: string | null;
  /** ISO 8601: when a person rejected it, while it stays rejected; absent on links written before rejection existed. */
  rejected_at?: string | null;
}

export interface MatchReport {
  event_id: string;
  /** Distinct driver keys in the input. */
  drivers: number;
  users: number;
  /** This event's links after the run, by key. */
  links: EventDriverLink[];
  /** The user-driver links this run touched, after the run, by key (deleted ones left out). */
  user_driver_links: UserDriverLink[];
  /** Driver keys no member was linked to. */
  unmatched: string[];
  /** Event-link keys of this event deleted because the members no longer match them. */
  removed: string[];
}

export type DriverMatchingErrorCode =
  /** Another writer kept changing the same key; run again. */
  | 'contention'
  /** No such link to confirm or reject; match the event first. */
  | 'not_found';

export class DriverMatchingError extends Error {
  constructor(
    readonly code: DriverMatchingErrorCode,
    message: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = 'DriverMatchingError';
  }
}

/** Parses with a schema, throwing the project's ContractError that names each bad field. */
export function parseInput<S extends z.ZodType>(what: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw contractErrorFrom(what, result.error);
  return result.data;
}
