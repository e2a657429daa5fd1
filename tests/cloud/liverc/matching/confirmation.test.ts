/** @module Driver link status over many events against a real nats-server: auto-confirm, what blocks it, re-runs, and confirmations that are never undone. */
import { describe, expect, it } from 'vitest';
import { DriverMatchingError, type MatchDriver } from '../../../../cloud/liverc/matching/index.ts';
import { driver, useMatchingFixture } from './matching-fixture.ts';

const fx = useMatchingFixture();

const felix = { user_id: 'felix', name: 'Felix Kögler', transponders: ['8603914'] };

async function match(event_id: string, ...drivers: MatchDriver[]) {
  return fx.matching.matchEvent({ event_id, drivers });
}

async function pairLink(user_id: string, driver_key: string) {
  const { user_driver_links } = await fx.matching.linksForUser(user_id);
  return user_driver_links.find((l) => l.driver_key === driver_key);
}

describe('auto-confirm', () => {
  it('driver confirmation - one event with the transponder and the name is only a suggestion', async () => {
    await fx.matching.users.putUser(felix);
    await match('1001', driver('d346997', 'FELIX KOEGLER', '8603914'));
    expect(await pairLink('felix', 'd346997')).toMatchObject({ status: 'suggested', confirmed_at: null, events: ['1001'] });
  });

  it('driver confirmation - a second event with the transponder and compatible names confirms the pair and its event links', async () => {
    await fx.matching.users.putUser(felix);
    await match('1001', driver('d346997', 'FELIX KOEGLER', '8603914'));
    const second = await match('1002', driver('d346997', 'KOEGLER, FELIX', '8603914'));

    const link = await pairLink('felix', 'd346997');
    expect(link).toMatchObject({ status: 'confirmed', events: ['1001', '1002'], matched_at: '2026-03-01T09:00:00.000Z' });
    expect(link?.confirmed_at).not.toBeNull();
    expect(second.user_driver_links[0]?.status).toBe('confirmed');
    const { event_driver_links } = await fx.matching.linksForUser('felix');
    expect(event_driver_links.map((l) => [l.event_id, l.status])).toEqual([['1001', 'confirmed'], ['1002', 'confirmed']]);
  });

  it('driver confirmation - two transponder events under an incompatible name stay suggested', async () => {
    await fx.matching.users.putUser(felix);
    await match('1001', driver('d500', 'MAX BROWN', '8603914'));
    await match('1002', driver('d500', 'MAX BROWN', '8603914'));
    expect(await pairLink('felix', 'd500')).toMatchObject({ status: 'suggested', events: ['1001', '1002'], confirmed_at: null });
  });

  it('driver confirmation - exact-name and fuzzy matches are never confirmed however often they recur', async () => {
    await fx.matching.users.putUser({ user_id: 'sean', name: "Sean O'Loughlin" });
    await fx.matching.users.putUser({ user_id: 'felix', name: 'Felix Kögler' });
    for (const event of ['1001', '1002', '1003']) {
      await match(event, driver('d77', "SEAN O'LOUGHLIN"), driver('d346997', 'FELIX KOEGLER', '8603914'));
    }
    expect(await pairLink('sean', 'd77')).toMatchObject({ status: 'suggested', events: ['1001', '1002', '1003'] });
    expect(await pairLink('felix', 'd346997')).toMatchObject({ status: 'suggested', events: ['1001', '1002', '1003'] });
  });

  it('driver confirmation - a transponder shared by two members stays a conflict over any number of events', async () => {
    await fx.matching.users.putUser({ user_id: 'dad', name: 'Lukas Berg', transponders: ['5555555'] });
    await fx.matching.users.putUser({ user_id: 'son', name: 'Lukas Berg', transponders: ['5555555'] });
    for (const event of ['1001', '1002', '1003']) await match(event, driver('d9', 'LUKAS BERG', '5555555'));
    expect(await pairLink('dad', 'd9')).toMatchObject({ status: 'conflict', confirmed_at: null });
    expect(await pairLink('son', 'd9')).toMatchObject({ status: 'conflict', confirmed_at: null });
  });

  it('driver confirmation - events matched at the same time all land in their pairs and confirm them', async () => {
    await fx.matching.users.putUser(felix);
    await fx.matching.users.putUser({ user_id: 'anna', name: 'Anna Berg', transponders: ['7000001'] });
    const events = ['1001', '1002', '1003', '1004'];
    await Promise.all(
      events.map((event) => match(event, driver('d346997', 'FELIX KOEGLER', '8603914'), driver('d42', 'ANNA BERG', '7000001'))),
    );
    expect(await pairLink('felix', 'd346997')).toMatchObject({ status: 'confirmed', events });
    expect(await pairLink('anna', 'd42')).toMatchObject({ status: 'confirmed', events });
    const { event_driver_links } = await fx.matching.linksForUser('anna');
    expect(event_driver_links.map((l) => l.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);
  });
});

describe('re-runs and confirmed links', () => {
  it('driver confirmation - re-running an event leaves every key, value and revision as it was', async () => {
    await fx.matching.users.putUser(felix);
    await fx.matching.users.putUser({ user_id: 'chris', name: 'Chris Lee' });
    await fx.matching.users.putUser({ user_id: 'anna', name: 'Anna Berg' });
    const drivers = [driver('d346997', 'FELIX KOEGLER', '8603914'), driver('d1', 'CHRIS LEA'), driver('d2', 'CHRIS LEO'), driver('d3', 'ANNA BERGE')];
    await match('1001', ...drivers);
    const first = await match('1002', ...drivers);
    const before = await fx.snapshot();
    const ticks = fx.clock.calls;

    const again = await match('1002', ...drivers);
    await match('1001', ...drivers);
    expect(fx.clock.calls).toBeGreaterThan(ticks);
    expect(await fx.snapshot()).toEqual(before);
    expect(again).toEqual(first);
    expect(again.links.map((l) => [l.user_id, l.match_type, l.status])).toEqual([
      ['anna', 'fuzzy', 'suggested'],
      ['chris', 'fuzzy', 'conflict'],
      ['chris', 'fuzzy', 'conflict'],
      ['felix', 'transponder', 'confirmed'],
    ]);
  });

  it('driver confirmation - a confirmed pair stays confirmed through a later event where it is a conflict', async () => {
    await fx.matching.users.putUser(felix);
    await match('1001', driver('d346997', 'FELIX KOEGLER', '8603914'));
    await match('1002', driver('d346997', 'FELIX KOEGLER', '8603914'));
    const confirmedAt = (await pairLink('felix', 'd346997'))?.confirmed_at;

    // Someone else registers the same transponder: the third event is ambiguous between them.
    await fx.matching.users.putUser({ user_id: 'felix2', name: 'Felix Kogler', transponders: ['8603914'] });
    const third = await match('1003', driver('d346997', 'FELIX KOEGLER', '8603914'));
    expect(third.links.map((l) => [l.user_id, l.status])).toEqual([['felix', 'conflict'], ['felix2', 'conflict']]);
    expect(await pairLink('felix', 'd346997')).toMatchObject({ status: 'confirmed', confirmed_at: confirmedAt, events: ['1001', '1002', '1003'] });
    expect(await pairLink('felix2', 'd346997')).toMatchObject({ status: 'conflict' });
  });

  it('driver confirmation - a pair a person confirmed survives a re-run after the member stops matching', async () => {
    await fx.matching.users.putUser({ user_id: 'felix', name: 'Felix Kögler' });
    await match('1001', driver('d346997', 'FELIX KOEGLER'));
    const confirmed = await fx.matching.confirmLink('felix', 'd346997');
    expect(confirmed).toMatchObject({ status: 'confirmed', events: ['1001'] });
    expect((await fx.matching.linksForEvent('1001'))[0]?.status).toBe('confirmed');

    await fx.matching.users.putUser({ user_id: 'felix', name: 'Someone Else' });
    const rerun = await match('1001', driver('d346997', 'FELIX KOEGLER'));
    expect(rerun.removed).toEqual([]);
    expect(rerun.links).toEqual([
      { user_id: 'felix', event_id: '1001', driver_key: 'd346997', match_type: 'fuzzy', transponder: null, similarity: expect.any(Number), status: 'confirmed' },
    ]);
    expect(await pairLink('felix', 'd346997')).toEqual(confirmed);
  });

  it('driver confirmation - a suggestion the member no longer matches is removed on a re-run', async () => {
    await fx.matching.users.putUser({ user_id: 'felix', name: 'Felix Kögler', transponders: ['8603914'] });
    await match('1001', driver('d500', 'MAX BROWN', '8603914'));
    await fx.matching.users.putUser({ user_id: 'felix', name: 'Felix Kögler', transponders: ['7000001'] });
    const rerun = await match('1001', driver('d500', 'MAX BROWN', '8603914'));
    expect(rerun.removed).toEqual(['felix.1001.d500']);
    expect(rerun.links).toEqual([]);
    expect(await fx.matching.linksForUser('felix')).toEqual({ user_driver_links: [], event_driver_links: [] });
  });

  it('driver confirmation - confirming a pair that was never matched fails with not_found', async () => {
    const attempt = fx.matching.confirmLink('felix', 'd346997');
    await expect(attempt).rejects.toThrow(DriverMatchingError);
    await expect(attempt).rejects.toMatchObject({ code: 'not_found', key: 'felix.d346997' });
  });
});
