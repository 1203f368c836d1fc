import { z } from 'zod';
import { SOURCE_FAMILIES, type SourceFamily } from '../sizing/families';

/** Sync modes (how the source reads + how the destination writes), as the Airbyte provider names them. */
export const SYNC_MODES = ['full_refresh_overwrite', 'full_refresh_append', 'incremental_append', 'incremental_deduped_history'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

/** Every source the platform can ingest through Airbyte; the key is also the connection's name (the DAG's task names). */
export const AIRBYTE_SOURCE_IDS = ['oltpCdc', 'documents', 'salesforce', 'facebookMarketing', 'amazonAds', 'amazonSellerPartner'] as const;
export type AirbyteSourceId = (typeof AIRBYTE_SOURCE_IDS)[number];

/** The RAW schema each source lands in: the source family it belongs to (SEED-NOTES: OLTP, documents, partners). */
export const SOURCE_FAMILY_OF: Readonly<Record<AirbyteSourceId, SourceFamily>> = {
  oltpCdc: 'oltpCdc',
  documents: 'documents',
  salesforce: 'partnerApis',
  facebookMarketing: 'partnerApis',
  amazonAds: 'partnerApis',
  amazonSellerPartner: 'partnerApis',
};

/** Airbyte requires a number in the seconds field; the server stores the expression with a trailing " UTC" and returns it so. */
const quartzCronField = z.string().superRefine((value, ctx) => {
  const fields = value.trim().split(/\s+/);
  const timeZone = fields.pop();
  const fix = 'write a Quartz cron evaluated in UTC: seconds minutes hours day-of-month month day-of-week [year] UTC, e.g. "0 0 */6 * * ? UTC"';
  const problem =
    timeZone !== 'UTC'
      ? 'does not end with " UTC" (Airbyte returns the expression with it, so without it every plan shows a change)'
      : fields.length < 6 || fields.length > 7
        ? `has ${fields.length} time fields; Quartz takes 6 or 7`
        : !/^([0-5]?\d)$/.test(fields[0])
          ? `has "${fields[0]}" as its seconds field; Airbyte accepts only a number of seconds there`
          : fields[3] !== '?' && fields[5] !== '?'
            ? 'sets both day-of-month and day-of-week; Quartz needs "?" in one of them'
            : undefined;
  if (problem) ctx.addIssue({ code: 'custom', message: `"${value}" ${problem}; ${fix}` });
});

const isoDateField = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'must be a date as YYYY-MM-DD' });

const streamSchema = z.strictObject({
  /** The stream as the source names it: a table, a Salesforce object, a report. */
  name: z.string().min(1, { message: 'must name a stream of the source' }),
  /**
   * How it syncs. `incremental_deduped_history` (the default) reads only what changed and keeps
   * the latest row per primary key; a stream the source cannot read incrementally or that has
   * no primary key takes `full_refresh_overwrite` or `incremental_append`.
   */
  syncMode: z.enum(SYNC_MODES).default('incremental_deduped_history'),
  /** Cursor field, for a source that defines none for this stream. @default the source's */
  cursorField: z.array(z.string().min(1)).min(1).optional(),
  /** Primary key as column paths, for a source that defines none for this stream. @default the source's */
  primaryKey: z.array(z.array(z.string().min(1)).min(1)).min(1).optional(),
});

export type StreamSelection = z.output<typeof streamSchema>;

/** The streams a connection syncs, at least one, each named once. */
function streamsField(defaults: readonly (string | Partial<StreamSelection>)[]) {
  return z
    .array(streamSchema)
    .min(1, { message: 'must select at least one stream' })
    .superRefine((streams, ctx) => {
      const names = streams.map((stream) => stream.name);
      const repeated = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
      if (repeated.length > 0) ctx.addIssue({ code: 'custom', message: `selects ${repeated.join(', ')} more than once; list each stream once` });
    })
    .default(defaults.map((entry) => streamSchema.parse(typeof entry === 'string' ? { name: entry } : entry)));
}

const enabled = z.boolean().default(true);

/**
 * The `airbyte-connections` stack: the health gate, the workspace, and each source's connection
 * to the Snowflake destination. A source's credentials come from its Secrets Manager entry
 * (config/secret-catalogue.ts), which must hold a value before the stack deploys: the plan stops
 * naming the empty secret otherwise. `enabled: false` leaves a source out.
 */
export const airbyteConnectionsSchema = z
  .strictObject({
    /** The one workspace every source, destination and connection is created in (referenced by id, never looked up by name). */
    workspaceName: z.string().min(1).max(100).default('data-platform'),
    schedule: z
      .strictObject({
        /**
         * `cron`: Airbyte starts every connection's sync at `cronExpression`. `manual`: syncs start
         * only when called, e.g. by the Airflow DAG; choose it once Airflow triggers the syncs,
         * so the two never start the same sync at the same moment.
         */
        mode: z.enum(['cron', 'manual']).default('cron'),
        /** Quartz cron in UTC. @default every 6 hours, on the batch boundaries (00, 06, 12, 18 h) */
        cronExpression: quartzCronField.default('0 0 */6 * * ? UTC'),
      })
      .prefault({}),
    healthGate: z
      .strictObject({
        /**
         * Minutes the deploy keeps asking the server's health endpoint before it gives up: long
         * enough for a new load balancer to register its targets and its DNS name to resolve.
         */
        waitMinutes: z.number().int().min(1).max(60).default(10),
        /** Seconds one health request may take. */
        requestTimeoutSeconds: z.number().int().min(1).max(60).default(10),
      })
      .prefault({}),
    /**
     * Non-breaking source schema changes: `propagate_fully` adds new columns and new streams (a
     * table created later in the OLTP database starts syncing by itself); `propagate_columns`
     * adds columns only. Never ignored, so nobody deselects columns or streams by hand.
     */
    nonBreakingSchemaChanges: z.enum(['propagate_fully', 'propagate_columns']).default('propagate_fully'),
    destination: z
      .strictObject({
        /**
         * RAW schema for Airbyte's internal tables (the Snowflake destination's "internal table
         * dataset"): the LOADER role creates tables in the RAW schemas but no schema of its own,
         * so they go to an existing one instead of `airbyte_internal`.
         */
        internalTableFamily: z.enum(SOURCE_FAMILIES).default('partnerApis'),
      })
      .prefault({}),
    sources: z
      .strictObject({
        /** The OLTP database by logical replication (CDC): the bootstrap's reader role, publication and slot. */
        oltpCdc: z
          .strictObject({
            enabled,
            /** Schemas of the OLTP database to read. */
            schemas: z.array(z.string().min(1)).min(1).default(['public']),
            /** Tables to sync; dbt's raw source reads customers and projects. Replicated tables need a primary key (logical replication of updates and deletes does). */
            streams: streamsField(['customers', 'projects']),
          })
          .prefault({}),
        /** Documents landed in the landing bucket (PDF, DOCX, PPTX, Markdown, text; e-mail exports and images are listed), parsed to text. */
        documents: z
          .strictObject({
            enabled,
            /** Folder of the landing bucket the documents land in. */
            folder: z
              .string()
              .regex(/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*\/$/, { message: 'must be a folder of the landing bucket such as "documents/": lower-case letters, digits and hyphens, ending with "/"' })
              .default('documents/'),
            /** The document parser's strategy: `auto` picks per file; `hi_res` and `ocr_only` also read text in scanned pages. */
            parsingStrategy: z.enum(['auto', 'fast', 'hi_res', 'ocr_only']).default('auto'),
          })
          .prefault({}),
        salesforce: z
          .strictObject({
            enabled,
            /** A sandbox org instead of production. */
            isSandbox: z.boolean().default(false),
            /** First day to read. @default the connector's (two years back) */
            startDate: isoDateField.optional(),
            streams: streamsField(['Account', 'Contact', 'Lead', 'Opportunity', 'Task', 'User']),
          })
          .prefault({}),
        facebookMarketing: z
          .strictObject({
            enabled,
            /** First day to read. @default the connector's (the last 37 months Meta keeps) */
            startDate: isoDateField.optional(),
            streams: streamsField(['campaigns', 'ad_sets', 'ads', 'ads_insights']),
          })
          .prefault({}),
        amazonAds: z
          .strictObject({
            enabled,
            /** The Advertising API region of the account. */
            region: z.enum(['NA', 'EU', 'FE']).default('NA'),
            /** Profile ids to read. @default every profile the credentials reach */
            profiles: z.array(z.number().int().positive()).optional(),
            /** First day of reports. @default the connector's */
            startDate: isoDateField.optional(),
            streams: streamsField([{ name: 'profiles', syncMode: 'full_refresh_overwrite' }, 'sponsored_products_campaigns_report_stream_daily']),
          })
          .prefault({}),
        amazonSellerPartner: z
          .strictObject({
            enabled,
            /** Marketplace region of the seller account. */
            region: z.enum(['AE', 'AU', 'BE', 'BR', 'CA', 'DE', 'EG', 'ES', 'FR', 'GB', 'IN', 'IT', 'JP', 'MX', 'NL', 'PL', 'SA', 'SE', 'SG', 'TR', 'UK', 'US']).default('US'),
            accountType: z.enum(['Seller', 'Vendor']).default('Seller'),
            /** First day to read. @default the connector's (two years back) */
            startDate: isoDateField.optional(),
            streams: streamsField(['Orders', 'OrderItems', 'ListFinancialEventGroups', { name: 'ListFinancialEvents', syncMode: 'incremental_append' }]),
          })
          .prefault({}),
      })
      .prefault({}),
  })
  .prefault({});

export type AirbyteConnectionsConfig = z.output<typeof airbyteConnectionsSchema>;
