import type { PlatformConfigInput } from '../schema';

/**
 * What every environment shares. An environment file spreads this and writes only where it
 * differs on purpose (its name, network ranges, state, and the safety settings prod needs).
 */
export const base = {
  namePrefix: 'dp',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  tags: { CostCenter: 'data-platform', Owner: 'data-platform-team' },
  adminCidrs: [],
  storage: {},
  eks: {
    // Replace with the roles of your account: administrators, and the role that runs `cdktf deploy`.
    adminRoles: ['data-platform-admin'],
    deployRole: 'data-platform-deployer',
  },
  sizing: {
    dailyVolumeTb: 10,
    batchIntervalHours: 6,
    latencyTargetHours: 3,
    latencyHardLimitHours: 5,
  },
} satisfies Partial<PlatformConfigInput>;
