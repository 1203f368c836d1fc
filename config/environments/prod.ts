import type { PlatformConfigInput } from '../schema';
import { base, snowflakeBase } from './base';

/** Production: a NAT gateway per AZ, shared and locked state in S3, its own Snowflake account, longer log and secret retention. */
export const prod: PlatformConfigInput = {
  ...base,
  environment: 'prod',
  stateBackend: {
    type: 's3',
    bucket: 'dp-prod-terraform-state',
    keyPrefix: 'data-platform/prod',
    region: 'us-east-1',
    encrypt: true,
    useLockfile: true,
  },
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
  snowflake: { ...snowflakeBase, accountName: 'PROD' },
  secrets: { recoveryWindowDays: 30 },
};
