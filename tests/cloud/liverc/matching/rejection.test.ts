/** @module Rejected driver links against a real nats-server: never suggested again by the same or another event, the freed driver matched to someone else, a change of mind confirmed, and the review listing paged. */
import { describe, expect, it } from 'vitest';
import { DriverMatchingError, type MatchDriver } from '../../../../cloud/liverc/matching/index.ts';
import { driver, useMatchingFixture } from './matching-fixture.ts';

const fx = useMatchingFixture();

const bob = { user_id: 'bob', name: 'Bob Smith', transponders: ['1111'] };
const rob = { user_id: 'rob', name: 'Bob Smith', transponders: [] };

const match = (event_id: string, ...drivers: MatchDriver[]) => fx.matching.matchEvent({ event_id, drivers });
const pair = async (user_id: string, driver_key: string) => (await fx.matching.linksForUser(user_id)).user_driver_links.find((l) => l.driver_key === driver_key);

describe('driver link rejection', () => {
  it('driver rejection - a rejected pair and its event links stay rejected when the same event and another are matched again', async () => {
    await fx.matching.users.putUser(bob);
    await match('2001', driver('d500', 'SMITH, BOB', '1111'));
    const rejected = await fx.matching.rejectLink('bob', 'd500');
    expect(rejected).toMatchObject({ status: 'rejected', confirmed_at: null, events: ['2001'] });
    expect(rejected.rejected_at).toMatch(/^2026-03-01T/);

    const again = await match('2001', driver('d500', 'SMITH, BOB', '1111'));
    const other = await match('2002', driver('d500', 'BOB SMITH', '1111'));
    expect(again.links.map((l) => l.status)).toEqual(['rejected']);
    expect(other.links).toEqual([]);
    expect(other.unmatched).toEqual(['d500']);
    expect(await pair('bob', 'd500')).toMatchObject({ status: 'rejected', events: ['2001'], rejected_at: rejected.rejected_at });
    // Two transponder events would auto-confirm a pair; a rejected one must not be.
    expect((await fx.matching.linksForUser('bob')).event_driver_links.map((l) => [l.event_id, l.status])).toEqual([['2001', 'rejected']]);
  });

  it('driver rejection - rejecting one side of a conflict frees the driver for the other member at the next match', async () => {
    await fx.matching.users.putUser({ ...bob, transponders: [] });
    await fx.matching.users.putUser(rob);
    const first = await match('2001', driver('d500', 'Bob Smith'));
    expect(first.links.map((l) => [l.user_id, l.status])).toEqual([['bob', 'conflict'], ['rob', 'conflict']]);

    await fx.matching.rejectLink('rob', 'd500');
    const rerun = await match('2001', driver('d500', 'Bob Smith'));
    expect(rerun.links.map((l) => [l.user_id, l.status])).toEqual([['bob', 'suggested'], ['rob', 'rejected']]);
    expect(await pair('bob', 'd500')).toMatchObject({ status: 'suggested' });
    expect((await match('2002', driver('d500', 'Bob Smith'))).links.map((l) => [l.user_id, l.status])).toEqual([['bob', 'suggested']]);
  });

  it('driver rejection - an admin who changes their mind confirms a rejected pair, and a confirmed pair can be rejected', async () => {
    await fx.matching.users.putUser(bob);
    await match('2001', driver('d500', 'Bob Smith', '1111'));
    await match('2002', driver('d500', 'Bob Smith', '1111'));
    expect(await pair('bob', 'd500')).toMatchObject({ status: 'confirmed' });

    await fx.matching.rejectLink('bob', 'd500');
    expect(await pair('bob', 'd500')).toMatchObject({ status: 'rejected', confirmed_at: null });
    const confirmed = await fx.matching.confirmLink('bob', 'd500');
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.confirmed_at).not.toBeNull();
    expect(confirmed).not.toHaveProperty('rejected_at');
    expect((await fx.matching.linksForUser('bob')).event_driver_links.map((l) => l.status)).toEqual(['confirmed', 'confirmed']);
    expect((await match('2003', driver('d500', 'Bob Smith', '1111'))).links.map((l) => l.status)).toEqual(['confirmed']);
  });

  it('driver rejection - rejecting a pair never matched is not_found', async () => {
    await expect(fx.matching.rejectLink('bob', 'd500')).rejects.toMatchObject({ code: 'not_found' });
    await expect(fx.matching.rejectLink('bob', 'd500')).rejects.toBeInstanceOf(DriverMatchingError);
  });

  it('driver rejection - the listing gives the statuses asked for over every member, in pages, and who links to one driver', async () => {
    for (let i = 0; i < 5; i++) await fx.matching.users.putUser({ user_id: `m${i}`, name: `Racer Number${i}`, transponders: [`90${i}`] });
    await match('2001', ...[0, 1, 2, 3, 4].map((i) => driver(`d60${i}`, `Racer Number${i}`, `90${i}`)));
    await fx.matching.rejectLink('m2', 'd602');

    const first = await fx.matching.listLinks({ statuses: ['suggested', 'conflict'], limit: 2 });
    expect(first.links.map((l) => l.user_id)).toEqual(['m0', 'm1']);
    expect(first.next).toBe('m1.d601');
    const second = await fx.matching.listLinks({ statuses: ['suggested', 'conflict'], limit: 2, after: first.next });
    expect(second.links.map((l) => l.user_id)).toEqual(['m3', 'm4']);
    expect(second.next).toBeNull();
    expect((await fx.matching.listLinks({ statuses: ['rejected'], limit: 10 })).links.map((l) => l.user_id)).toEqual(['m2']);
    expect((await fx.matching.linksForDriver('d603')).map((l) => l.user_id)).toEqual(['m3']);
    await expect(fx.matching.listLinks({ statuses: ['suggested'], limit: 0 })).rejects.toThrow(/limit/);
  });
});
