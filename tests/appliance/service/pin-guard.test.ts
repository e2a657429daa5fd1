/** @module The PIN guard's schedule on its own clock: the growing wait, the lockout and its end, forgetting, the shared budget's refill, and memory that stays bounded under many addresses. */
import { describe, expect, it } from 'vitest';
import { PinGuard } from '../../../appliance/service/guards/pin-guard.ts';
import { captureLog } from '../live/support.ts';
import { useCleanups } from '../../harness/index.ts';

const defer = useCleanups();
const PIN = '73915024';

function guard(limits: ConstructorParameters<typeof PinGuard>[1] = {}) {
  let now = 1_000_000;
  const pins = new PinGuard(PIN, limits, () => now);
  return { pins, advance: (ms: number) => (now += ms) };
}

/** Wrong PINs from `address`, each sent as soon as the guard takes one again; returns how long that took. */
function guessUntil(pins: PinGuard, advance: (ms: number) => number, address: string, wrong: number): number {
  let waited = 0;
  for (let sent = 0; sent < wrong; ) {
    const verdict = pins.check(address, `wrong-${sent}`);
    if (!verdict.ok && verdict.status === 429) {
      advance(verdict.retryAfterS * 1000);
      waited += verdict.retryAfterS * 1000;
    } else sent += 1;
  }
  return waited;
}

describe('PIN guard', () => {
  it('PIN guard - each wrong PIN past three doubles the wait, the tenth locks the address for 15 minutes and each later one again', () => {
    captureLog(defer);
    const { pins, advance } = guard({ globalBurst: 1000 });
    expect(guessUntil(pins, advance, '10.0.0.5', 9)).toBe((1 + 2 + 4 + 8 + 16) * 1000);
    expect(pins.check('10.0.0.5', PIN)).toMatchObject({ status: 429, retryAfterS: 32, scope: 'address' });
    advance(32_000);
    expect(pins.check('10.0.0.5', 'wrong')).toMatchObject({ status: 401 });
    expect(pins.check('10.0.0.5', PIN)).toMatchObject({ status: 429, retryAfterS: 900, scope: 'address' });
    advance(900_000);
    expect(pins.check('10.0.0.5', 'wrong again')).toMatchObject({ status: 401 });
    expect(pins.check('10.0.0.5', PIN)).toMatchObject({ status: 429, retryAfterS: 900 });
    advance(900_000);
    expect(pins.check('10.0.0.5', PIN)).toEqual({ ok: true });
    // The right PIN clears the address's record: the next typo is free again.
    expect(pins.check('10.0.0.5', 'typo')).toMatchObject({ status: 401 });
    expect(pins.check('10.0.0.5', PIN)).toEqual({ ok: true });
  });

  it('PIN guard - an address quiet for an hour starts afresh', () => {
    captureLog(defer);
    const { pins, advance } = guard();
    guessUntil(pins, advance, '10.0.0.6', 4);
    expect(pins.check('10.0.0.6', 'x')).toMatchObject({ status: 429 });
    advance(3_601_000);
    for (let i = 0; i < 4; i++) expect(pins.check('10.0.0.6', `y${i}`)).toMatchObject({ status: 401 });
  });

  it('PIN guard - the budget shared by all addresses refills at one wrong PIN a minute', () => {
    captureLog(defer);
    const { pins, advance } = guard({ globalBurst: 5, globalPerHour: 60 });
    for (let a = 0; a < 5; a++) expect(pins.check(`10.1.0.${a}`, 'x')).toMatchObject({ status: 401 });
    expect(pins.check('10.1.0.200', 'x')).toMatchObject({ status: 429, scope: 'all', retryAfterS: 60 });
    advance(60_000);
    expect(pins.check('10.1.0.200', 'x')).toMatchObject({ status: 401 });
    expect(pins.check('10.1.0.201', PIN)).toMatchObject({ status: 429, scope: 'all' });
  });

  it('PIN guard - a hundred thousand addresses leave at most maxAddresses remembered, and a flood logs a bounded number of lines', () => {
    const lines = captureLog(defer);
    const { pins } = guard({ globalBurst: 1_000_000, maxAddresses: 4096 });
    for (let i = 0; i < 100_000; i++) pins.check(`fd00::${i.toString(16)}`, 'x');
    expect(pins.remembered.addresses).toBe(4096);
    expect(lines.filter((l) => l.includes('wrong operator PIN')).length).toBeLessThanOrEqual(21);
  });
});
