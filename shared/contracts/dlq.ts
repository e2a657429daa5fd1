/**
 * @module The dead-letter subject `timing.dlq.v1.<track_id>`: the body is the failed message exactly
 * as it was stored (so it can be re-published once fixed), and the headers say why, from where and
 * after how many tries.
 */

export const DLQ_HEADERS = {
  /** Why the message could not be used, in one line. */
  reason: 'Mre-Dlq-Reason',
  /** The subject the message was stored under. */
  subject: 'Mre-Dlq-Subject',
  /** Its sequence in that subject's stream. */
  seq: 'Mre-Dlq-Seq',
  /** The cloud role that gave up on it (`race`, `projection`). */
  role: 'Mre-Dlq-Role',
  /** How many times it was tried. */
  tries: 'Mre-Dlq-Tries',
} as const;

/** Longest reason kept in the header; a stack trace or a huge validation report is cut here. */
export const DLQ_REASON_MAX = 500;
