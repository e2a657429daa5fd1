/** @module Identifiers shared by the appliance and the cloud. */
export { ulid, ulidFactory, ulidTime, ULID_PATTERN } from './ulid.ts';
