import { z } from 'zod';
import { DATABASE_ROLE_IDS, type DatabaseRoleId } from '../database-roles';
import { logRetentionDaysField } from '../fields';
import { nameField } from '../naming';

/** Where a deploy from a laptop reaches the database for one run (an SSM port-forward), without editing config. */
export const ADMIN_ENDPOINT_ENV = 'PLATFORM_POSTGRES_ADMIN_ENDPOINT';

/** The port PostgreSQL listens on; the security group admits it and consumers' secrets name it. */
export const POSTGRES_PORT = 5432;

/**
 * Major versions RDS keeps in standard support through at least 2028 and that Airbyte supports
 * both as its own database (13 or later, tested through 17) and as a CDC source (10 or later).
 */
const SUPPORTED_MAJOR_VERSIONS = ['15', '16', '17'] as const;

/** Role, publication and slot names are unquoted identifiers (slot names allow nothing more). */
const identifierField = nameField('postgresIdentifier');

const passwordVersion = z.number().int({ message: 'must be a whole number' }).positive({ message: 'must be 1 or more; raise it by one to rotate' });

/** `host` or `host:port`, where the bootstrap's provider connects. */
export interface DatabaseEndpoint {
  readonly host: string;
  readonly port: number;
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function parseEndpoint(value: string): DatabaseEndpoint | undefined {
  const match = /^([^:]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match || !HOSTNAME.test(match[1])) return undefined;
  const port = match[2] === undefined ? POSTGRES_PORT : Number(match[2]);
  return port >= 1 && port <= 65535 ? { host: match[1], port } : undefined;
}

const adminEndpointField = z.string().transform((value, ctx): DatabaseEndpoint => {
  const endpoint = parseEndpoint(value);
  if (!endpoint) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a host or host:port; set it (or ${ADMIN_ENDPOINT_ENV}) to where the bootstrap reaches the database, e.g. "127.0.0.1:15432" for an SSM port-forward, or leave it unset to use the RDS endpoint from inside the VPC`,
    });
    return z.NEVER;
  }
  return endpoint;
});

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const TIME = '([01]\\d|2[0-3]):([0-5]\\d)';
const DAILY_WINDOW = new RegExp(`^${TIME}-${TIME}$`);
const WEEKLY_WINDOW = new RegExp(`^(${WEEKDAYS.join('|')}):${TIME}-(${WEEKDAYS.join('|')}):${TIME}$`);

/** A window as [start, end) minutes; `period` is a day or a week, and the end wraps past it. */
function windowMinutes(text: string, period: 'day' | 'week'): [number, number] | undefined {
  const minutes = (hours: string, mins: string) => Number(hours) * 60 + Number(mins);
  if (period === 'day') {
    const match = DAILY_WINDOW.exec(text);
    if (!match) return undefined;
    const start = minutes(match[1], match[2]);
    const end = minutes(match[3], match[4]);
    return [start, end > start ? end : end + MINUTES_PER_DAY];
  }
  const match = WEEKLY_WINDOW.exec(text);
  if (!match) return undefined;
  const at = (day: string, hours: string, mins: string) => WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number]) * MINUTES_PER_DAY + minutes(hours, mins);
  const start = at(match[1], match[2], match[3]);
  const end = at(match[4], match[5], match[6]);
  return [start, end > start ? end : end + MINUTES_PER_WEEK];
}

const MIN_WINDOW_MINUTES = 30;

function windowField(period: 'day' | 'week', example: string) {
  return z.string().superRefine((value, ctx) => {
    const window = windowMinutes(value, period);
    if (!window) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a ${period === 'day' ? 'daily window hh:mm-hh:mm' : 'weekly window ddd:hh:mm-ddd:hh:mm'} in UTC, e.g. "${example}"` });
    } else if (window[1] - window[0] < MIN_WINDOW_MINUTES) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is shorter than the ${MIN_WINDOW_MINUTES} minutes RDS requires` });
    }
  });
}

/** Performance Insights keeps 7 days free of charge, or whole months (31 days) up to 731. */
const performanceInsightsRetentionField = z
  .number()
  .int()
  .refine((days) => days === 7 || (days % 31 === 0 && days >= 31 && days <= 713) || days === 731, {
    message: 'must be 7 (free), a multiple of 31 up to 713, or 731 days: the retention periods Performance Insights accepts',
  });

/**
 * The `postgres` and `postgres-bootstrap` stacks: the RDS instance (engine, size, storage,
 * resilience, windows, monitoring), the CDC names Airbyte uses, each role's password version,
 * and where the bootstrap connects. The capacity plan has no Postgres slice: sizes are here.
 */
export const postgresSchema = z
  .strictObject({
    /**
     * PostgreSQL major version; RDS applies minor versions itself in the maintenance window.
     * 16 is in RDS standard support until 2029-02 and inside what Airbyte supports for its own
     * database (13+, tested through 17) and as a CDC source (10+).
     */
    engineVersion: z.enum(SUPPORTED_MAJOR_VERSIONS, {
      message: `must be a PostgreSQL major version RDS supports in standard support and Airbyte supports: ${SUPPORTED_MAJOR_VERSIONS.join(', ')}`,
    }).default('16'),
    /** RDS instance class. Performance Insights is not offered on micro and small classes. */
    instanceClass: z
      .string()
      .regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, { message: 'must be an RDS instance class such as "db.m7g.large"' })
      .refine((value) => !/\.(micro|small)$/.test(value), { message: 'micro and small classes have no Performance Insights and too little memory for three services; use medium or larger' })
      .default('db.m7g.large'),
    storage: z
      .strictObject({
        /** gp3 storage allocated at creation, GiB (gp3 starts at 20). */
        allocatedGib: z.number().int().min(20, { message: 'gp3 storage starts at 20 GiB' }).max(65536).default(100),
        /** Ceiling storage autoscaling may grow to, GiB. */
        maxAllocatedGib: z.number().int().max(65536, { message: 'RDS storage ends at 65536 GiB' }).default(1000),
      })
      .prefault({})
      .refine((storage) => storage.maxAllocatedGib >= Math.ceil(storage.allocatedGib * 1.1), {
        message: 'must be at least 10% above allocatedGib, or RDS cannot autoscale storage',
        path: ['maxAllocatedGib'],
      }),
    /** A standby in a second AZ with automatic failover. Prod requires it. */
    multiAz: z.boolean().default(true),
    /** Refuses DeleteDBInstance, so `cdktf destroy` cannot remove the database. Prod requires it. */
    deletionProtection: z.boolean().default(true),
    /** A snapshot named `<identifier>-final` is taken when the instance is deleted. Prod requires it. */
    finalSnapshot: z.boolean().default(true),
    /** Days of automated backups and point-in-time recovery (1-35); prod requires at least 7. */
    backupRetentionDays: z.number().int().min(1, { message: 'must be 1-35 days; 0 would switch backups off' }).max(35, { message: 'RDS keeps automated backups at most 35 days' }).default(14),
    /** Daily backup window, UTC. */
    backupWindow: windowField('day', '03:00-03:30').default('03:00-03:30'),
    /** Weekly maintenance window, UTC, for minor version upgrades and pending changes. */
    maintenanceWindow: windowField('week', 'sun:04:00-sun:04:30').default('sun:04:00-sun:04:30'),
    /** Apply instance changes at deploy rather than in the maintenance window (which may restart it). */
    applyChangesImmediately: z.boolean().default(false),
    performanceInsightsRetentionDays: performanceInsightsRetentionField.default(7),
    /** Days the exported PostgreSQL and upgrade logs are kept. */
    logRetentionDays: logRetentionDaysField.default(90),
    /** Statements running longer than this are logged (log_min_duration_statement), ms. */
    slowStatementMs: z.number().int().min(0).default(1000),
    /** The RDS master user; its password is managed by RDS in Secrets Manager. */
    masterUsername: identifierField
      .refine((name) => !['postgres', 'rdsadmin', 'rds_superuser'].includes(name) && !name.startsWith('pg_'), { message: 'is reserved by PostgreSQL or RDS; choose another name' })
      .default('platform_admin'),
    cdc: z
      .strictObject({
        /** Publication of the OLTP database's tables that Airbyte's CDC reads. */
        publication: identifierField.default('airbyte_publication'),
        /** Logical replication slot (pgoutput) Airbyte's CDC reads. */
        replicationSlot: identifierField.default('airbyte_slot'),
        /**
         * WAL an unread slot may hold back (max_slot_wal_keep_size), GiB. Past it the slot is
         * invalidated (Airbyte resyncs) instead of filling the disk and stopping the database.
         */
        maxSlotWalKeepGib: z.number().int().positive().default(50),
      })
      .prefault({}),
    /**
     * Version of each role's password (`secret_string_wo_version` in postgres, `password_wo_version`
     * in postgres-bootstrap): raise one by one and deploy postgres, then postgres-bootstrap, to rotate.
     */
    passwordVersions: z
      .strictObject(Object.fromEntries(DATABASE_ROLE_IDS.map((id) => [id, passwordVersion.default(1)])) as Record<DatabaseRoleId, z.ZodDefault<typeof passwordVersion>>)
      .prefault({}),
    /**
     * Where postgres-bootstrap's provider connects, `host` or `host:port`. @default the RDS
     * endpoint (a deploy that runs inside the VPC); PLATFORM_POSTGRES_ADMIN_ENDPOINT sets it
     * for one run, e.g. `127.0.0.1:15432` through an SSM port-forward (README).
     */
    adminEndpoint: adminEndpointField.optional().prefault(() => process.env[ADMIN_ENDPOINT_ENV] || undefined),
    /**
     * TLS of the bootstrap's connection; the instance refuses plain connections (rds.force_ssl).
     * `verify-full` needs the RDS CA bundle and the RDS host name (not a port-forward's 127.0.0.1).
     */
    adminSslMode: z.enum(['require', 'verify-ca', 'verify-full']).default('require'),
  })
  .prefault({})
  .superRefine((postgres, ctx) => {
    if (postgres.cdc.maxSlotWalKeepGib >= postgres.storage.allocatedGib) {
      ctx.addIssue({
        code: 'custom',
        path: ['cdc', 'maxSlotWalKeepGib'],
        message: `${postgres.cdc.maxSlotWalKeepGib} GiB would let an unread slot fill the ${postgres.storage.allocatedGib} GiB allocated; keep it below storage.allocatedGib`,
      });
    }
    const backup = windowMinutes(postgres.backupWindow, 'day');
    const maintenance = windowMinutes(postgres.maintenanceWindow, 'week');
    if (backup && maintenance && dailyWindowMeetsWeekly(backup, maintenance)) {
      ctx.addIssue({
        code: 'custom',
        path: ['maintenanceWindow'],
        message: `"${postgres.maintenanceWindow}" overlaps the daily backupWindow "${postgres.backupWindow}"; RDS refuses overlapping windows`,
      });
    }
  });

export type PostgresConfig = z.output<typeof postgresSchema>;

function dailyWindowMeetsWeekly([start, end]: [number, number], [weekStart, weekEnd]: [number, number]): boolean {
  // Days -1..7 cover a backup window that wraps past midnight and a maintenance window that wraps past Sunday.
  for (let day = -1; day <= 7; day += 1) {
    const from = day * MINUTES_PER_DAY + start;
    const to = day * MINUTES_PER_DAY + end;
    for (const shift of [0, MINUTES_PER_WEEK]) {
      if (from < weekEnd - shift && weekStart - shift < to) return true;
    }
  }
  return false;
}

/** What prod may not relax: a standby, protection from deletion, a final snapshot, a week of backups. */
export function checkPostgresProduction(postgres: PostgresConfig, ctx: z.RefinementCtx): void {
  const problems: [keyof PostgresConfig, boolean, string][] = [
    ['multiAz', postgres.multiAz, 'must be true in prod: without a standby an AZ failure takes Airflow, Airbyte and the OLTP source down'],
    ['deletionProtection', postgres.deletionProtection, 'must be true in prod: a destroy must not be able to delete the database'],
    ['finalSnapshot', postgres.finalSnapshot, 'must be true in prod: deleting the instance must leave a snapshot to restore'],
    ['backupRetentionDays', postgres.backupRetentionDays >= 7, `is ${postgres.backupRetentionDays}; prod keeps at least 7 days of backups`],
  ];
  for (const [field, holds, message] of problems) {
    if (!holds) ctx.addIssue({ code: 'custom', path: ['postgres', field], message });
  }
}
