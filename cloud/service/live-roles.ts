/** @module The race, projection and gateway roles of `mre cloud start`, started and stopped together, with their part of `/healthz`. */
import { startGatewayRole, type GatewayRole } from '../gateway/gateway-role.ts';
import { startProjectionRole, type ProjectionRole } from '../projection/projection-role.ts';
import { startRaceRole, type RaceRole } from '../race/race-role.ts';
import type { MetricsRegistry } from '../../shared/metrics/index.ts';
import type { CloudConfig } from './config.ts';
import type { CloudRole } from './roles.ts';

export interface LiveRoles {
  race: RaceRole | null;
  projection: ProjectionRole | null;
  gateway: GatewayRole | null;
  /** Whether their NATS connections are up, and their figures by role. */
  health(): { up: boolean; parts: Record<string, unknown> };
  close(): Promise<void>;
}

export async function startLiveRoles(config: CloudConfig, roles: readonly CloudRole[], name?: string, metrics?: MetricsRegistry): Promise<LiveRoles> {
  let race: RaceRole | null = null;
  let projection: ProjectionRole | null = null;
  let gateway: GatewayRole | null = null;
  try {
    if (roles.includes('race')) race = await startRaceRole(config, name ? `${name}-race` : undefined, metrics);
    if (roles.includes('projection')) projection = await startProjectionRole(config, name ? `${name}-projection` : undefined, metrics);
    if (roles.includes('gateway')) gateway = await startGatewayRole(config, name ? `${name}-gateway` : undefined, metrics);
  } catch (error) {
    await projection?.close();
    await race?.close();
    throw error;
  }
  return {
    race,
    projection,
    gateway,
    health() {
      const r = race?.health();
      const p = projection?.health();
      const g = gateway?.health();
      return { up: (r?.nats ?? true) && (p?.nats ?? true) && (g?.nats ?? true), parts: { ...(r ? { race: r } : {}), ...(p ? { projection: p } : {}), ...(g ? { gateway: g } : {}) } };
    },
    async close() {
      await gateway?.close();
      await projection?.close();
      await race?.close();
    },
  };
}
