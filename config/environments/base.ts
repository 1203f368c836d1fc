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
  // The Airflow batch (dags/platform_batch.py) starts every sync; an Airbyte cron would start them a second time.
  airbyteConnections: { schedule: { mode: 'manual' } },
  sizing: {
    dailyVolumeTb: 10,
    batchIntervalHours: 6,
    latencyTargetHours: 3,
    latencyHardLimitHours: 5,
  },
} satisfies Partial<PlatformConfigInput>;

/**
 * What every environment's Snowflake account holds. Each environment has an account of its
 * own (so object names repeat across them) and names it next to this.
 */
export const snowflakeBase = {
  /** Your Snowflake organization (Snowsight: Admin > Accounts). */
  organizationName: 'DATAPLATFORM',
  /** Structured files the capacity model routes around Airbyte, loaded by Snowpipe. */
  bulkLoading: {
    feeds: [
      { table: 'CAMPAIGN_EVENTS', format: 'json', prefix: 'campaign-events/' },
      { table: 'ASSET_MANIFESTS', format: 'xml', prefix: 'asset-manifests/' },
      { table: 'MEDIA_PERFORMANCE', format: 'parquet', prefix: 'media-performance/' },
      { table: 'TIMESHEETS', format: 'csv', prefix: 'timesheets/', columns: ['EMPLOYEE_ID', 'PROJECT_ID', 'WORK_DATE', 'HOURS', 'ACTIVITY'] },
    ],
  },
} satisfies Partial<PlatformConfigInput['snowflake']>;
