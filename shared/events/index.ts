/** @module Event plumbing shared by the appliance's parts. */
export { SafeListeners } from './safe-listeners.ts';
