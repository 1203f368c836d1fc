import type { PlatformConfigInput } from '../schema';

/** Production: a NAT gateway per AZ and shared, locked state in S3. */
export const prod: PlatformConfigInput = {
  environment: 'prod',
  namePrefix: 'dp',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  tags: { CostCenter: 'data-platform', Owner: 'data-platform-team' },
  stateBackend: {
    type: 's3',
    bucket: 'dp-prod-terraform-state',
    keyPrefix: 'data-platform/prod',
    region: 'us-east-1',
    encrypt: true,
    useLockfile: true,
  },
  adminCidrs: [],
  network: {
    vpcCidr: '10.30.0.0/16',
    subnets: {
      public: ['10.30.0.0/24', '10.30.1.0/24', '10.30.2.0/24'],
      private: ['10.30.16.0/20', '10.30.32.0/20', '10.30.48.0/20'],
      isolated: ['10.30.64.0/24', '10.30.65.0/24', '10.30.66.0/24'],
    },
    natGateways: 'perAz',
    flowLogs: { retentionDays: 731 },
  },
  storage: {},
  secrets: { recoveryWindowDays: 30 },
  sizing: {
    dailyVolumeTb: 10,
    batchIntervalHours: 6,
    latencyTargetHours: 3,
    latencyHardLimitHours: 5,
  },
};
