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
  // Dev relaxes what prod must hold: no standby, no deletion protection and no final snapshot, so
  // `npm run destroy` removes it; a smaller instance; changes applied at deploy. Backups stay at 7 days.
  postgres: {
    instanceClass: 'db.t4g.medium',
    storage: { allocatedGib: 50, maxAllocatedGib: 200 },
    multiAz: false,
    deletionProtection: false,
    finalSnapshot: false,
    backupRetentionDays: 7,
    applyChangesImmediately: true,
    cdc: { maxSlotWalKeepGib: 20 },
  },
};
