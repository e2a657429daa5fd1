/** @module Race control on the box: an intent is checked, logged as a CONTROL envelope with the durability of a passing, then applied by the engine. */
import { ContractError, isIntentName, parseIntentArgs, type ControlPayload, type IntentName } from '../../shared/contracts/index.ts';
import { createLogger } from '../../shared/log/index.ts';
import type { IntentResult } from '../../shared/race/index.ts';
import type { EnvelopeLog } from '../log/index.ts';
import type { RaceHost } from './race-host.ts';

const log = createLogger('appliance:control');

/** Why an intent was not logged; `status` is the HTTP status the API answers with. */
export class IntentRefused extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 503,
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'IntentRefused';
  }
}

export class ControlDesk {
  constructor(
    private readonly log: EnvelopeLog,
    private readonly host: RaceHost,
    private readonly now: () => number = () => Date.now() * 1000,
  ) {}

  /** Validates, checks against the race state, logs durably and returns what the engine derived from it. */
  async submit(name: string, args: unknown, by: string): Promise<IntentResult> {
    if (!isIntentName(name)) throw new IntentRefused(404, `unknown intent ${JSON.stringify(name)}`);
    let parsed;
    try {
      parsed = parseIntentArgs(name as IntentName, args);
    } catch (error) {
      if (error instanceof ContractError) throw new IntentRefused(400, error.message, error.issues);
      throw error;
    }
    const payload = { intent: name, by, at_us: this.now(), args: parsed } as ControlPayload;
    const refusal = this.host.engine.check(payload);
    if (refusal !== null) throw new IntentRefused(409, refusal);
    let stored;
    try {
      [stored] = await this.log.append([{ message_type: 'CONTROL', captured_at_us: payload.at_us, payload: payload as unknown as Record<string, unknown> }]);
    } catch (error) {
      throw new IntentRefused(503, `intent not logged: ${(error as Error).message}`);
    }
    const events = this.host.takeDerived(stored!.lsn);
    const refused = events.find((e) => e.type === 'intent.refused');
    // Another intent logged between the check and this one can still change the state it needs.
    if (refused?.type === 'intent.refused') throw new IntentRefused(409, refused.payload.reason);
    const raceId = events.find((e) => e.race_id !== null)?.race_id ?? ('race_id' in parsed && typeof parsed.race_id === 'string' ? parsed.race_id : null);
    log.info('intent logged', { intent: name, by, race_id: raceId, seq: stored!.envelope.seq });
    return { seq: stored!.envelope.seq, lsn: stored!.lsn, envelope_id: stored!.envelope.id, race_id: raceId, events };
  }
}
