import type { PlatformConfigInput } from '../schema';
import { base, snowflakeBase } from './base';

/** Development: one NAT gateway, local state, its own Snowflake account, a 7-day secret recovery window; everything else as in prod. */
export const dev: PlatformConfigInput = {
  ...base,
  environment: 'dev',
  stateBackend: { type: 'local' },
  network: {
    vpcCidr: '10.20.0.0/16',
    subnets: {
      public: ['10.20.0.0/24', '10.20.1.0/24', '10.20.2.0/24'],
      private: ['10.20.16.0/20', '10.20.32.0/20', '10.20.48.0/20'],
      isolated: ['10.20.64.0/24', '10.20.65.0/24', '10.20.66.0/24'],
    },
    natGateways: 'single',
  },
  snowflake: { ...snowflakeBase, accountName: 'DEV' },
  secrets: { recoveryWindowDays: 7 },
};
