/** @module Driver matching on one event against a real nats-server: the member store, the three rules in order, conflicts and input checks. */
import { describe, expect, it } from 'vitest';
import { ContractError } from '../../../../shared/contracts/tokens.ts';
import type { EventDriverLink } from '../../../../cloud/liverc/matching/index.ts';
import { driver, useMatchingFixture } from './matching-fixture.ts';

const fx = useMatchingFixture();

const byKey = (links: EventDriverLink[]) => Object.fromEntries(links.map((l) => [`${l.user_id}.${l.event_id}.${l.driver_key}`, l]));

describe('member store', () => {
  it('driver matching - members are stored by user_id with their transponders tidied, and listed in id order', async () => {
    const { users } = fx.matching;
    const stored = await users.putUser({ user_id: 'felix', name: ' Felix Kögler ', transponders: ['8603914', ' 860 3914', '1234567'] });
    expect(stored).toEqual({ user_id: 'felix', name: 'Felix Kögler', transponders: ['1234567', '8603914'] });
    await users.putUser({ user_id: 'anna-b', name: 'Anna Berg' });
    expect(await users.getUser('felix')).toEqual(stored);
    expect(await users.getUser('nobody')).toBeNull();
    expect((await users.listUsers()).map((u) => u.user_id)).toEqual(['anna-b', 'felix']);
    expect((await fx.snapshot())['liverc_users/anna-b']?.value).toEqual({ user_id: 'anna-b', name: 'Anna Berg', transponders: [] });
  });

  it('driver matching - a user_id that is not one lower-case key token, or an empty name, is refused', async () => {
    const { users } = fx.matching;
    await expect(users.putUser({ user_id: 'Felix.K', name: 'Felix' })).rejects.toThrow(ContractError);
    await expect(users.putUser({ user_id: 'felix', name: '   ' })).rejects.toThrow(/name cannot be empty/);
    await expect(users.putUser({ user_id: 'felix', name: 'Felix', transponders: [' '] })).rejects.toThrow(/transponder/);
    await expect(users.getUser('a.>')).rejects.toThrow(/user_id "a\.>"/);
  });
});

describe('matching rules', () => {
  it('driver matching - a transponder match wins over another member whose name is exact', async () => {
    await fx.matching.users.putUser({ user_id: 'felix', name: 'Felix Kögler', transponders: ['8603914'] });
    await fx.matching.users.putUser({ user_id: 'max', name: 'Max Brown' });
    const report = await fx.matching.matchEvent({ event_id: '486677', drivers: [driver('d346997', 'MAX BROWN', '8603914')] });

    expect(report.links).toHaveLength(1);
    expect(report.links[0]).toMatchObject({ user_id: 'felix', driver_key: 'd346997', match_type: 'transponder', transponder: '8603914', status: 'suggested' });
    expect(report.links[0]?.similarity).toBeLessThan(0.85);
    expect(report.unmatched).toEqual([]);
    expect(report.user_driver_links).toEqual([
      {
        user_id: 'felix',
        driver_key: 'd346997',
        status: 'suggested',
        similarity: report.links[0]?.similarity,
        matcher: 'liverc-v1',
        events: ['486677'],
        matched_at: '2026-03-01T09:00:00.000Z',
        confirmed_at: null,
      },
    ]);
    expect(Object.keys(await fx.snapshot()).filter((k) => !k.startsWith('liverc_users/'))).toEqual([
      'liverc_event_driver_links/felix.486677.d346997',
      'liverc_user_driver_links/felix.d346997',
    ]);
  });

  it('driver matching - a member placed by transponder is not also linked to a driver with their exact name', async () => {
    await fx.matching.users.putUser({ user_id: 'felix', name: 'Felix Kögler', transponders: ['8603914'] });
    const report = await fx.matching.matchEvent({
      event_id: '486677',
      drivers: [driver('d1', 'FELIX KOGLER', null), driver('d2', 'JUNIOR RACER', '8603914')],
    });
    expect(report.links.map((l) => [l.driver_key, l.match_type, l.status])).toEqual([['d2', 'transponder', 'suggested']]);
    expect(report.unmatched).toEqual(['d1']);
  });

  it('driver matching - an exact normalised name links an escaped-apostrophe race-table spelling', async () => {
    await fx.matching.users.putUser({ user_id: 'sean', name: "Seán O'Loughlin" });
    const report = await fx.matching.matchEvent({ event_id: '486677', drivers: [driver('d77', "SEAN O\\'LOUGHLIN")] });
    expect(report.links).toEqual([
      { user_id: 'sean', event_id: '486677', driver_key: 'd77', match_type: 'name', transponder: null, similarity: 1, status: 'suggested' },
    ]);
  });

  it('driver matching - names with a Jaro-Winkler of 0.85 or more link as a fuzzy suggestion', async () => {
    await fx.matching.users.putUser({ user_id: 'felix', name: 'Felix Kögler' });
    const report = await fx.matching.matchEvent({ event_id: '486677', drivers: [driver('d346997', 'FELIX KOEGLER', '8603914')] });
    expect(report.links).toHaveLength(1);
    expect(report.links[0]).toMatchObject({ match_type: 'fuzzy', status: 'suggested', transponder: '8603914' });
    expect(report.links[0]?.similarity).toBeCloseTo(0.9596, 4);
  });

  it('driver matching - a 0.84 pair (Duane and DWAYNE) is not linked', async () => {
    await fx.matching.users.putUser({ user_id: 'duane', name: 'Duane' });
    const report = await fx.matching.matchEvent({ event_id: '486677', drivers: [driver('d5', 'DWAYNE')] });
    expect(report.links).toEqual([]);
    expect(report.unmatched).toEqual(['d5']);
    expect(await fx.matching.linksForUser('duane')).toEqual({ user_driver_links: [], event_driver_links: [] });
  });

  it('driver matching - of two fuzzy candidates the closer name wins without a conflict', async () => {
    await fx.matching.users.putUser({ user_id: 'jon', name: 'Jon Smith' });
    const report = await fx.matching.matchEvent({ event_id: '486677', drivers: [driver('d1', 'JON SMYTHE'), driver('d2', 'JOHN SMITH')] });
    expect(report.links.map((l) => [l.driver_key, l.match_type, l.status])).toEqual([['d2', 'fuzzy', 'suggested']]);
  });

  it('driver matching - a driver entered in two classes with two transponders matches on either', async () => {
    await fx.matching.users.putUser({ user_id: 'felix', name: 'Felix Kögler', transponders: ['2222222'] });
    const report = await fx.matching.matchEvent({
      event_id: '486677',
      drivers: [driver('d346997', 'FELIX KOEGLER', '1111111'), driver('d346997', 'KOEGLER, FELIX', '2222222')],
    });
    expect(report.drivers).toBe(1);
    expect(report.links.map((l) => [l.driver_key, l.match_type, l.transponder])).toEqual([['d346997', 'transponder', '2222222']]);
  });
});

describe('conflicts', () => {
  it('driver matching - one driver carrying a transponder two members list is a conflict for both', async () => {
    await fx.matching.users.putUser({ user_id: 'dad', name: 'Peter Berg', transponders: ['5555555'] });
    await fx.matching.users.putUser({ user_id: 'son', name: 'Lukas Berg', transponders: ['5555555'] });
    const report = await fx.matching.matchEvent({ event_id: '486677', drivers: [driver('d9', 'LUKAS BERG', '5555555')] });
    const links = byKey(report.links);
    expect(links['dad.486677.d9']).toMatchObject({ match_type: 'transponder', status: 'conflict' });
    expect(links['son.486677.d9']).toMatchObject({ match_type: 'transponder', status: 'conflict' });
    expect(report.user_driver_links.map((l) => [l.user_id, l.status])).toEqual([['dad', 'conflict'], ['son', 'conflict']]);
  });

  it('driver matching - one driver with the exact name of two members is a conflict for both', async () => {
    await fx.matching.users.putUser({ user_id: 'js1', name: 'John Smith' });
    await fx.matching.users.putUser({ user_id: 'js2', name: 'SMITH, John' });
    const report = await fx.matching.matchEvent({ event_id: '486677', drivers: [driver('d3', 'JOHN SMITH')] });
    expect(report.links.map((l) => [l.user_id, l.match_type, l.status])).toEqual([
      ['js1', 'name', 'conflict'],
      ['js2', 'name', 'conflict'],
    ]);
  });

  it('driver matching - one member whose two transponders sit on two drivers is a conflict for both drivers', async () => {
    await fx.matching.users.putUser({ user_id: 'felix', name: 'Felix Kögler', transponders: ['1111111', '2222222'] });
    const report = await fx.matching.matchEvent({
      event_id: '486677',
      drivers: [driver('d1', 'FELIX KOEGLER', '1111111'), driver('d2', 'ANNA KOEGLER', '2222222')],
    });
    expect(report.links.map((l) => [l.driver_key, l.match_type, l.status])).toEqual([
      ['d1', 'transponder', 'conflict'],
      ['d2', 'transponder', 'conflict'],
    ]);
  });

  it('driver matching - equally close fuzzy names on either side are conflicts', async () => {
    await fx.matching.users.putUser({ user_id: 'chris', name: 'Chris Lee' });
    const oneMember = await fx.matching.matchEvent({ event_id: '1001', drivers: [driver('d1', 'CHRIS LEA'), driver('d2', 'CHRIS LEO')] });
    expect(oneMember.links.map((l) => [l.driver_key, l.match_type, l.status])).toEqual([
      ['d1', 'fuzzy', 'conflict'],
      ['d2', 'fuzzy', 'conflict'],
    ]);

    await fx.matching.users.putUser({ user_id: 'chris', name: 'Chris Lea' });
    await fx.matching.users.putUser({ user_id: 'chris2', name: 'Chris Leo' });
    const oneDriver = await fx.matching.matchEvent({ event_id: '1002', drivers: [driver('d3', 'CHRIS LEE')] });
    expect(oneDriver.links.map((l) => [l.user_id, l.status])).toEqual([['chris', 'conflict'], ['chris2', 'conflict']]);
  });
});

describe('lookups and input', () => {
  it('driver matching - links are read back per member and per event', async () => {
    await fx.matching.users.putUser({ user_id: 'felix', name: 'Felix Kögler', transponders: ['8603914'] });
    await fx.matching.users.putUser({ user_id: 'anna', name: 'Anna Berg' });
    await fx.matching.matchEvent({ event_id: '1001', drivers: [driver('d1', 'FELIX KOEGLER', '8603914'), driver('d2', 'ANNA BERG')] });
    await fx.matching.matchEvent({ event_id: '1002', drivers: [driver('d1', 'FELIX KOEGLER', '8603914')] });

    const felix = await fx.matching.linksForUser('felix');
    expect(felix.event_driver_links.map((l) => l.event_id)).toEqual(['1001', '1002']);
    expect(felix.user_driver_links.map((l) => [l.driver_key, l.events])).toEqual([['d1', ['1001', '1002']]]);
    expect((await fx.matching.linksForEvent('1001')).map((l) => l.user_id)).toEqual(['anna', 'felix']);
    expect((await fx.matching.linksForEvent('1002')).map((l) => l.user_id)).toEqual(['felix']);
  });

  it('driver matching - a driver key or event id that is not one KV token is refused before anything is written', async () => {
    await fx.matching.users.putUser({ user_id: 'felix', name: 'Felix Kögler' });
    await expect(fx.matching.matchEvent({ event_id: '486677', drivers: [driver('d.1', 'FELIX KOEGLER')] })).rejects.toThrow(/driver_key "d\.1"/);
    await expect(fx.matching.matchEvent({ event_id: '48*', drivers: [] })).rejects.toThrow(ContractError);
    await expect(fx.matching.linksForEvent('>')).rejects.toThrow(ContractError);
    expect(Object.keys(await fx.snapshot())).toEqual(['liverc_users/felix']);
  });
});
