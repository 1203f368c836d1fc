import { loadConfig, type ConfigOverrides } from '../../config';

const load = (postgres: NonNullable<ConfigOverrides['postgres']>, env = 'dev') => () => loadConfig({ env, overrides: { postgres } });

describe('postgres configuration', () => {
  it('is secure by default: a standby, deletion protection, a final snapshot, two weeks of backups, PostgreSQL 16', () => {
    expect(loadConfig({ env: 'prod' }).postgres).toMatchObject({
      engineVersion: '16',
      instanceClass: 'db.m7g.large',
      multiAz: true,
      deletionProtection: true,
      finalSnapshot: true,
      backupRetentionDays: 14,
      applyChangesImmediately: false,
      adminSslMode: 'require',
      cdc: { publication: 'airbyte_publication', replicationSlot: 'airbyte_slot' },
      passwordVersions: { airflow: 1, airbyte: 1, oltp: 1, cdc: 1 },
    });
  });

  it('holds prod to a standby, deletion protection, a final snapshot and 7 days of backups', () => {
    let message = '';
    try {
      load({ multiAz: false, deletionProtection: false, finalSnapshot: false, backupRetentionDays: 3 }, 'prod')();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('postgres.multiAz: must be true in prod');
    expect(message).toContain('postgres.deletionProtection: must be true in prod');
    expect(message).toContain('postgres.finalSnapshot: must be true in prod');
    expect(message).toContain('postgres.backupRetentionDays: is 3; prod keeps at least 7 days of backups');
  });

  it('lets dev relax them', () => {
    expect(loadConfig({ env: 'dev' }).postgres).toMatchObject({ multiAz: false, deletionProtection: false, finalSnapshot: false, backupRetentionDays: 7 });
  });

  it('refuses a storage ceiling autoscaling cannot grow into', () => {
    expect(load({ storage: { allocatedGib: 100, maxAllocatedGib: 100 } })).toThrow('postgres.storage.maxAllocatedGib: must be at least 10% above allocatedGib, or RDS cannot autoscale storage');
  });

  it('refuses a major version outside standard support or Airbyte, and an instance class without Performance Insights', () => {
    expect(load({ engineVersion: '13' as never })).toThrow('postgres.engineVersion: must be a PostgreSQL major version RDS supports in standard support and Airbyte supports: 15, 16, 17');
    expect(load({ instanceClass: 'db.t4g.micro' })).toThrow('postgres.instanceClass: micro and small classes have no Performance Insights');
  });

  it('refuses malformed windows, and a maintenance window that overlaps the daily backup', () => {
    expect(load({ backupWindow: '3am' })).toThrow('postgres.backupWindow: "3am" is not a daily window hh:mm-hh:mm in UTC, e.g. "03:00-03:30"');
    expect(load({ backupWindow: '03:00-03:10' })).toThrow('postgres.backupWindow: "03:00-03:10" is shorter than the 30 minutes RDS requires');
    expect(load({ backupWindow: '23:45-00:30', maintenanceWindow: 'mon:00:00-mon:00:30' })).toThrow(
      'postgres.maintenanceWindow: "mon:00:00-mon:00:30" overlaps the daily backupWindow "23:45-00:30"; RDS refuses overlapping windows',
    );
    expect(load({ backupWindow: '03:00-03:30', maintenanceWindow: 'sun:23:30-mon:03:15' })).toThrow(/postgres\.maintenanceWindow: .* overlaps the daily backupWindow/);
    expect(load({ backupWindow: '03:00-03:30', maintenanceWindow: 'sun:23:30-mon:02:59' })).not.toThrow();
  });

  it('refuses a WAL bound an unread slot could fill the disk with', () => {
    expect(load({ storage: { allocatedGib: 20, maxAllocatedGib: 100 }, cdc: { maxSlotWalKeepGib: 20 } })).toThrow(
      'postgres.cdc.maxSlotWalKeepGib: 20 GiB would let an unread slot fill the 20 GiB allocated; keep it below storage.allocatedGib',
    );
  });

  it('refuses CDC names and a master user PostgreSQL or RDS would refuse', () => {
    expect(load({ cdc: { replicationSlot: 'Airbyte-Slot' } })).toThrow('postgres.cdc.replicationSlot: PostgreSQL identifier "Airbyte-Slot" may contain only lower-case letters, digits and _');
    expect(load({ masterUsername: 'postgres' })).toThrow('postgres.masterUsername: is reserved by PostgreSQL or RDS; choose another name');
  });

  it('takes the admin endpoint as host[:port], and refuses anything else with how to set it', () => {
    expect(loadConfig({ env: 'dev', overrides: { postgres: { adminEndpoint: '127.0.0.1:15432' } } }).postgres.adminEndpoint).toEqual({ host: '127.0.0.1', port: 15432 });
    expect(load({ adminEndpoint: 'db.internal:99999' })).toThrow('postgres.adminEndpoint: "db.internal:99999" is not a host or host:port');
  });

  it('refuses a password version that cannot be raised to rotate', () => {
    expect(load({ passwordVersions: { cdc: 0 } })).toThrow('postgres.passwordVersions.cdc: must be 1 or more; raise it by one to rotate');
  });
});
