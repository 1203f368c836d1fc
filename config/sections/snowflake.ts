import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { parseCidr } from '../cidr';
import { cidrField } from '../fields';
import { nameField } from '../naming';
import { SOURCE_FAMILIES } from '../sizing/families';
import { WAREHOUSE_SIZES, type WarehouseSize } from '../sizing/assumptions';

/**
 * The medallion layers dbt builds in the analytics database, one schema each, named after
 * the layer (BRONZE, SILVER, GOLD, MARTS). dbt_project.yml gives every layer folder the same
 * `+schema`; the test in test/stacks/snowflake-dbt.test.ts fails when the two disagree.
 */
export const MEDALLION_LAYERS = ['bronze', 'silver', 'gold', 'marts'] as const;
export type MedallionLayer = (typeof MEDALLION_LAYERS)[number];

/** The platform's service roles, one per workload, each with its service user. */
export const SERVICE_ROLES = ['loader', 'transformer', 'reporter'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

export const BULK_FORMATS = ['csv', 'json', 'xml', 'parquet'] as const;
export type BulkFormat = (typeof BULK_FORMATS)[number];

/** Snowflake's roles that administer the account: no platform role or user is ever granted one. */
export const ADMINISTRATIVE_ROLES = ['ACCOUNTADMIN', 'SECURITYADMIN', 'USERADMIN', 'ORGADMIN'] as const;

/** Every role Snowflake makes itself; a platform role must be none of them. */
export const SYSTEM_ROLES = [...ADMINISTRATIVE_ROLES, 'SYSADMIN', 'PUBLIC'] as const;

/** Snowflake rejects longer auto-suspend gaps here on cost grounds: a warehouse idles at most this long. */
export const MAX_AUTO_SUSPEND_SECONDS = 300;

const identifier = nameField('snowflakeIdentifier');

/** Organization and account names: letters, digits and underscores (Snowflake's account identifier rules). */
const accountNamePart = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, {
  message: 'must be letters, digits and underscores, starting with a letter (as shown in Snowsight under Admin > Accounts)',
});

const seconds = (what: string) =>
  z
    .number()
    .int({ message: `must be a whole number of seconds ${what}` })
    .positive({ message: `must be a positive number of seconds ${what}` });

const WAREHOUSE_SIZE_NAMES = WAREHOUSE_SIZES.map((entry) => entry.size) as [WarehouseSize, ...WarehouseSize[]];
const clusterCount = z.number().int().min(1, { message: 'must be at least 1 cluster' }).max(10, { message: "must be at most 10, Snowflake's default cluster limit" });

/**
 * An RSA public key for key-pair login, as `openssl rsa -pubout` writes it (PEM) or its body on
 * one line. Kept as the one-line body Snowflake's RSA_PUBLIC_KEY takes. Public keys are not
 * secrets: they live in the environment file, where a reviewer sees which key a user accepts.
 */
export const rsaPublicKeyField = z.string().transform((value, ctx) => {
  const body = value.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  try {
    const key = createPublicKey(`-----BEGIN PUBLIC KEY-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END PUBLIC KEY-----\n`);
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    const problem = key.asymmetricKeyType !== 'rsa' ? `is an ${key.asymmetricKeyType?.toUpperCase()} key` : bits < 2048 ? `is an RSA key of ${bits} bits` : undefined;
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `${problem}; Snowflake key-pair login needs an RSA key of 2048 bits or more` });
      return z.NEVER;
    }
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'is not an RSA public key; paste the output of `openssl rsa -in key.p8 -pubout` (PEM, or its base64 body on one line), never the private key',
    });
    return z.NEVER;
  }
  return body;
});

/** Seconds of idleness before a warehouse suspends (and stops billing). @default 60 */
const autoSuspendSeconds = seconds('of idleness')
  .min(60, { message: 'must be at least 60: Snowflake bills a minimum of 60 seconds at every resume, so shorter gaps only add resumes' })
  .max(MAX_AUTO_SUSPEND_SECONDS, { message: `must be at most ${MAX_AUTO_SUSPEND_SECONDS}: an idle warehouse bills credits until it suspends` })
  .default(60);

/** STANDARD starts clusters as soon as statements queue; ECONOMY only when there is work to keep one busy 6 minutes. */
const scalingPolicy = z.enum(['STANDARD', 'ECONOMY']);

/** A warehouse whose size and clusters come from the capacity plan (`sizing.overrides.warehouses` pins them). */
const plannedWarehouse = (name: string, statementTimeoutSeconds: number, queuedTimeoutSeconds: number) =>
  z
    .strictObject({
      name: identifier.default(name),
      autoSuspendSeconds,
      scalingPolicy: scalingPolicy.default('STANDARD'),
      /** A statement running longer is cancelled, so a runaway query cannot burn the month's credits. */
      statementTimeoutSeconds: seconds('per statement').default(statementTimeoutSeconds),
      /** A statement queued longer is cancelled instead of waiting behind a stuck workload. */
      queuedTimeoutSeconds: seconds('in the queue').default(queuedTimeoutSeconds),
    })
    .prefault({});

const bulkFeedSchema = z
  .strictObject({
    /** Table in the structured-files RAW schema the feed loads into, e.g. "CAMPAIGN_EVENTS". */
    table: identifier,
    format: z.enum(BULK_FORMATS),
    /** Folder under `bulkLoading.landingPrefix` where the feed's files land, e.g. "campaign-events/". */
    prefix: z.string().regex(/^[a-z0-9][a-z0-9-]*\/$/, { message: 'must be one folder of lower-case letters, digits and hyphens ending in "/", e.g. "campaign-events/"' }),
    /** CSV only: the file's columns in order, loaded as text. JSON, XML and Parquet load whole records into one VARIANT column. */
    columns: z.array(identifier).min(1).optional(),
  })
  .superRefine((feed, ctx) => {
    if (feed.format === 'csv' && !feed.columns) {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: "is required for a CSV feed: list the file's columns in order (they load as text)" });
    }
    if (feed.format !== 'csv' && feed.columns) {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: `must be left out for a ${feed.format} feed: its records load whole into the RECORD VARIANT column` });
    }
  });

export type BulkFeed = z.output<typeof bulkFeedSchema>;

const serviceUserSchema = (name: string) =>
  z
    .strictObject({
      name: identifier.default(name),
      /**
       * The user's key (RSA_PUBLIC_KEY). Left out, the user exists but nobody can log in as it
       * (a SERVICE user has no password): the state of an environment whose key is not registered yet.
       */
      rsaPublicKey: rsaPublicKeyField.optional(),
      /** The second slot (RSA_PUBLIC_KEY_2), for rotation: register the new key here, switch clients, clear the old slot. */
      rsaPublicKey2: rsaPublicKeyField.optional(),
    })
    .prefault({})
    .refine((user) => user.rsaPublicKey2 === undefined || user.rsaPublicKey2 !== user.rsaPublicKey, {
      message: 'is the same key as rsaPublicKey; the second slot is for the next key during rotation',
      path: ['rsaPublicKey2'],
    });

/** The `snowflake` stack: account, login, object names, warehouses, monitors, service users and bulk feeds. */
export const snowflakeSchema = z
  .strictObject({
    /** Your Snowflake organization name (the first part of `<org>-<account>`). */
    organizationName: accountNamePart,
    /** The account of this environment; every environment has its own account, so object names repeat across them. */
    accountName: accountNamePart,
    /** How Terraform logs in: the service user made by the one-time bootstrap (README: Snowflake bootstrap), as the owner role. */
    terraformLogin: z
      .strictObject({
        user: identifier.default('TERRAFORM'),
        /**
         * Where its private key comes from: `secretsManager` reads the `snowflake/terraform` secret
         * ephemerally at plan and apply; `environment` leaves it to SNOWFLAKE_PRIVATE_KEY, as the
         * workflows give it from the repository's secrets (so their AWS roles need no read of that
         * secret). Either way it never reaches code, plan or state.
         * @default `environment` when SNOWFLAKE_PRIVATE_KEY is set, else `secretsManager`
         */
        privateKeyFrom: z.enum(['secretsManager', 'environment']).default(() => (process.env.SNOWFLAKE_PRIVATE_KEY ? 'environment' : 'secretsManager')),
      })
      .prefault({}),
    databases: z
      .strictObject({
        /** Where sources land as they arrive (Airbyte, Snowpipe). */
        raw: identifier.default('RAW'),
        /** Where dbt builds the medallion layers. */
        analytics: identifier.default('ANALYTICS'),
      })
      .prefault({}),
    /** The RAW schema of each source family (the capacity model's families); Airbyte maps its connections onto these. */
    rawSchemas: z
      .strictObject({
        oltpCdc: identifier.default('OLTP'),
        partnerApis: identifier.default('PARTNERS'),
        structuredFiles: identifier.default('FILES'),
        documents: identifier.default('DOCUMENTS'),
      })
      .prefault({}),
    /**
     * The family whose RAW schema dbt's `raw` source reads (DBT_RAW_SCHEMA): the customers and
     * projects feeds of the data contract, both from the company's operational system.
     */
    dbtRawSourceFamily: z.enum(SOURCE_FAMILIES).default('oltpCdc'),
    roles: z
      .strictObject({
        /** Owns every platform object; made by the bootstrap, granted to SYSADMIN; Terraform logs in with it. */
        owner: identifier.default('PLATFORM_OWNER'),
        loader: identifier.default('LOADER'),
        transformer: identifier.default('TRANSFORMER'),
        reporter: identifier.default('REPORTER'),
      })
      .prefault({}),
    warehouses: z
      .strictObject({
        loading: plannedWarehouse('LOADING', 4 * 3600, 30 * 60),
        transforming: plannedWarehouse('TRANSFORMING', 4 * 3600, 30 * 60),
        /** BI queries: not in the capacity plan, so sized here. */
        reporting: z
          .strictObject({
            name: identifier.default('REPORTING'),
            size: z.enum(WAREHOUSE_SIZE_NAMES, { message: `must be one of ${WAREHOUSE_SIZE_NAMES.join(', ')}` }).default('SMALL'),
            minClusterCount: clusterCount.default(1),
            maxClusterCount: clusterCount.default(2),
            autoSuspendSeconds,
            scalingPolicy: scalingPolicy.default('ECONOMY'),
            statementTimeoutSeconds: seconds('per statement').default(15 * 60),
            queuedTimeoutSeconds: seconds('in the queue').default(5 * 60),
            /** Credits a month the BI tool may burn before its monitor suspends the warehouse. */
            monthlyCredits: z.number().int().positive({ message: 'must be a positive whole number of credits' }).default(200),
          })
          .prefault({})
          .refine((warehouse) => warehouse.minClusterCount <= warehouse.maxClusterCount, {
            message: 'minClusterCount must not exceed maxClusterCount',
            path: ['minClusterCount'],
          }),
      })
      .prefault({}),
    monitors: z
      .strictObject({
        /** Added to the plan's monthly credits of the loading and transforming warehouses, e.g. 0.25 for 25 %. */
        headroom: z.number().min(0, { message: 'must be 0 or more' }).max(2, { message: 'must be at most 2 (200 %); raise the capacity plan instead' }).default(0.25),
        /** Users emailed at the notify thresholds (they must have verified emails); account admins with notifications on always are. */
        notifyUsers: z.array(identifier).default([]),
        /** Monthly credits for the whole account, watched by an account-level monitor. @default no account-level monitor */
        accountMonthlyCredits: z.number().int().positive({ message: 'must be a positive whole number of credits' }).optional(),
      })
      .prefault({}),
    /** One per service role; the user connects with the role's warehouse as its default. */
    serviceUsers: z
      .strictObject({
        loader: serviceUserSchema('AIRBYTE'),
        transformer: serviceUserSchema('DBT'),
        reporter: serviceUserSchema('SIGMA'),
      })
      .prefault({}),
    /** The BI tool (Sigma) connects as the reporter user. */
    bi: z
      .strictObject({
        /** REPORTER reads GOLD as well as MARTS. */
        readsGold: z.boolean().default(false),
        /** Addresses the BI tool connects from (its published egress ranges), admitted for the reporter user only. */
        allowedCidrs: z.array(cidrField('a BI egress range')).default([]),
      })
      .prefault({}),
    /** Files Snowpipe loads from the landing bucket into RAW, without Airbyte. */
    bulkLoading: z
      .strictObject({
        /** Folder of the landing bucket under which every feed has its own folder. */
        landingPrefix: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]*\/$/, { message: 'must be one folder ending in "/", e.g. "bulk/"' })
          .default('bulk/'),
        feeds: z.array(bulkFeedSchema).default([]),
      })
      .prefault({})
      .superRefine((bulk, ctx) => {
        const repeated = (values: string[]) => values.filter((value, index) => values.indexOf(value) !== index);
        for (const table of new Set(repeated(bulk.feeds.map((feed) => feed.table)))) {
          ctx.addIssue({ code: 'custom', path: ['feeds'], message: `table ${table} is loaded by more than one feed; give each feed its own table` });
        }
        for (const prefix of new Set(repeated(bulk.feeds.map((feed) => feed.prefix)))) {
          ctx.addIssue({ code: 'custom', path: ['feeds'], message: `prefix "${prefix}" is used by more than one feed; S3 refuses overlapping notification prefixes` });
        }
      }),
  })
  .superRefine((snowflake, ctx) => {
    snowflake.bi.allowedCidrs.forEach((value, index) => {
      if (parseCidr(value)?.prefix === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['bi', 'allowedCidrs', index],
          message: `"${value}" admits the reporter user from the whole internet; list the BI tool's published egress ranges`,
        });
      }
    });
    for (const [key, name] of Object.entries(snowflake.roles)) {
      if ((SYSTEM_ROLES as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['roles', key],
          message: `"${name}" is a Snowflake system role; the platform's roles are its own, with only the privileges they need`,
        });
      }
    }
  });

export type SnowflakeConfig = z.output<typeof snowflakeSchema>;
