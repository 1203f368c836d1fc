import type { PlatformConfigInput } from '../schema';

/** Development: one NAT gateway, local state, everything else as in prod. */
export const dev: PlatformConfigInput = {
  environment: 'dev',
  namePrefix: 'dp',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  tags: { CostCenter: 'data-platform', Owner: 'data-platform-team' },
  stateBackend: { type: 'local' },
  adminCidrs: [],
  network: {
    vpcCidr: '10.20.0.0/16',
    subnets: {
      public: ['10.20.0.0/24', '10.20.1.0/24', '10.20.2.0/24'],
      private: ['10.20.16.0/20', '10.20.32.0/20', '10.20.48.0/20'],
      isolated: ['10.20.64.0/24', '10.20.65.0/24', '10.20.66.0/24'],
    },
    natGateways: 'single',
  },
  storage: {},
  secrets: { recoveryWindowDays: 7 },
  sizing: {
    dailyVolumeTb: 10,
    batchIntervalHours: 6,
    latencyTargetHours: 3,
    latencyHardLimitHours: 5,
  },
};
