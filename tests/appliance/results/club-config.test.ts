/** @module The `club` config: the name and time zone results sheets print, from the file or MRE_CLUB_* variables, a zone the box does not know refused before start. */
import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../appliance/service/config.ts';

it('results sheets - club.name and club.time_zone come from MRE_CLUB_NAME and MRE_CLUB_TIME_ZONE, and are optional', () => {
  expect(loadConfig(undefined, {}).club).toEqual({});
  expect(loadConfig(undefined, { MRE_CLUB_NAME: '  Riverside BMX  ', MRE_CLUB_TIME_ZONE: 'Australia/Sydney' }).club).toEqual({ name: 'Riverside BMX', time_zone: 'Australia/Sydney' });
});

it('results sheets - a time zone the box does not know stops the start, naming the field and the variable', () => {
  expect(() => loadConfig(undefined, { MRE_CLUB_TIME_ZONE: 'Mars/Olympus' })).toThrow(ConfigError);
  expect(() => loadConfig(undefined, { MRE_CLUB_TIME_ZONE: 'Mars/Olympus' })).toThrow(/club\.time_zone: expected an IANA time zone such as Europe\/London.*MRE_CLUB_TIME_ZONE/);
  expect(() => loadConfig(undefined, { MRE_CLUB_NAME: 'x'.repeat(101) })).toThrow(/club\.name: club name must be at most 100 characters/);
});
