/** @module Deterministic randomness for simulation and tests. */
export { seededRng, type Rng } from './seeded-rng.ts';
