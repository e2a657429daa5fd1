/** @module The live WebSocket contract (`/ws/v1/live`), shared by the appliance, the cloud gateway and the web apps. */
import { z } from 'zod';
import { contractErrorFrom, tokenSchema } from './tokens.ts';

export const LIVE_CHANNELS = ['race', 'decoder'] as const;
export type LiveChannel = (typeof LIVE_CHANNELS)[number];

export const liveChannelSchema = z.enum(LIVE_CHANNELS, { error: (issue) => `channel ${JSON.stringify(issue.input)} is not one of ${LIVE_CHANNELS.join(', ')}` });

/** `?track_id=…&event_id=…&channels=race,decoder&from=now` */
export const liveQuerySchema = z.strictObject({
  track_id: tokenSchema('track_id'),
  event_id: tokenSchema('event_id').optional(),
  channels: z
    .string()
    .max(64, { error: 'channels must be at most 64 characters' })
    .default(LIVE_CHANNELS.join(','))
    .transform((text) => text.split(',').map((c) => c.trim()).filter(Boolean))
    .pipe(z.array(liveChannelSchema).nonempty({ error: 'channels must name at least one channel' })),
  from: z.literal('now', { error: 'from must be "now"' }).default('now'),
});

export type LiveQuery = z.infer<typeof liveQuerySchema>;

export function parseLiveQuery(query: Record<string, string | undefined>): LiveQuery {
  const defined = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
  const result = liveQuerySchema.safeParse(defined);
  if (!result.success) throw contractErrorFrom('live query', result.error);
  return result.data;
}

export const liveErrorPayloadSchema = z.strictObject({
  /** `unknown_track`: the server does not serve the track asked for (or stopped serving it). */
  code: z.enum(['lagging', 'bad_request', 'unauthorized', 'unknown_track', 'internal']),
  message: z.string(),
  /** When the client should reconnect (it then gets a fresh snapshot). */
  reconnect_after_ms: z.number().int().nonnegative().optional(),
});

const base = {
  /** For heartbeat and error, which belong to the connection: its first requested channel. */
  channel: liveChannelSchema,
  track_id: tokenSchema('track_id'),
  event_id: tokenSchema('event_id').nullable(),
  /** Per-connection order: each message's seq is one more than the last. */
  seq: z.number().int().nonnegative(),
  ts_us: z.number().int().nonnegative(),
};

export const liveMessageSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('snapshot'), ...base, payload: z.record(z.string(), z.unknown()) }),
  z.strictObject({ kind: z.literal('event'), ...base, payload: z.record(z.string(), z.unknown()) }),
  z.strictObject({ kind: z.literal('heartbeat'), ...base, payload: z.strictObject({}) }),
  z.strictObject({ kind: z.literal('error'), ...base, payload: liveErrorPayloadSchema }),
]);

export type LiveMessage = z.infer<typeof liveMessageSchema>;
export type LiveErrorPayload = z.infer<typeof liveErrorPayloadSchema>;

export function parseLiveMessage(input: unknown): LiveMessage {
  const result = liveMessageSchema.safeParse(input);
  if (!result.success) throw contractErrorFrom('live message', result.error);
  return result.data;
}
