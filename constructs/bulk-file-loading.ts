import { Construct } from 'constructs';
import type { BulkFeed, BulkFormat } from '../config/sections/snowflake';
import { FileFormat, Pipe, Stage, Table, type FileFormatConfig } from '../providers/snowflake';
import { BucketNotifications } from './bucket-notifications';
import type { DatabaseSchema } from './platform-database';
import type { PlatformKey } from './platform-key';
import { S3StorageIntegration } from './s3-storage-integration';
import type { SecureBucket } from './secure-bucket';

export interface BulkFileLoadingProps {
  /** The RAW schema the feeds' tables, the stage, the file formats and the pipes live in. */
  readonly schema: DatabaseSchema;
  readonly bucket: SecureBucket;
  /** The bucket's key. */
  readonly key: PlatformKey;
  /** Folder of the bucket holding one folder per feed, e.g. `bulk/`. */
  readonly landingPrefix: string;
  readonly feeds: readonly BulkFeed[];
  /** Name of the storage integration, e.g. `LANDING_BULK`. */
  readonly integrationName: string;
  /** Name of the IAM role the integration assumes. */
  readonly roleName: string;
}

/** Columns every bulk table gets after the feed's own: where and when each row was loaded from. */
export const LOAD_METADATA_COLUMNS = [
  { name: 'SOURCE_FILE', type: 'VARCHAR', value: 'METADATA$FILENAME' },
  { name: 'SOURCE_FILE_ROW', type: 'NUMBER(38,0)', value: 'METADATA$FILE_ROW_NUMBER' },
  { name: 'LOADED_AT', type: 'TIMESTAMP_LTZ(9)', value: 'METADATA$START_SCAN_TIME' },
] as const;

/** Settings that differ from Snowflake's defaults (defaults written out would show as a permanent diff). */
const FILE_FORMATS: Readonly<Record<BulkFormat, Omit<FileFormatConfig, 'name' | 'database' | 'schema'>>> = {
  csv: { formatType: 'CSV', skipHeader: 1, fieldOptionallyEnclosedBy: '"' },
  // A file holding one JSON array loads one row per element.
  json: { formatType: 'JSON', stripOuterArray: true },
  // Each element under the document's root loads as one row.
  xml: { formatType: 'XML', stripOuterElement: true },
  parquet: { formatType: 'PARQUET' },
};

/**
 * Files that load without Airbyte: an external stage on the landing bucket through a
 * storage integration, a file format per format, and per feed a RAW table (CSV as text
 * columns, JSON, XML and Parquet as one VARIANT record) filled by an auto-ingest pipe that
 * the bucket's event notification wakes for every new file under the feed's folder.
 */
export class BulkFileLoading extends Construct {
  /** Pipe name and the landing folder it loads, per feed table. */
  readonly pipes: Readonly<Record<string, { readonly pipeName: string; readonly prefix: string }>>;

  constructor(scope: Construct, id: string, props: BulkFileLoadingProps) {
    super(scope, id);
    if (props.feeds.length === 0) throw new Error(`BulkFileLoading ${id}: feeds must list at least one feed`);
    const { schema } = props;
    const location = { database: schema.database.databaseName, schema: schema.schemaName };
    const feedPrefix = (feed: BulkFeed) => `${props.landingPrefix}${feed.prefix}`;

    const integration = new S3StorageIntegration(this, 'integration', {
      name: props.integrationName,
      bucket: props.bucket,
      key: props.key,
      allowedPrefix: props.landingPrefix,
      readPrefixes: props.feeds.map(feedPrefix),
      roleName: props.roleName,
    });
    const stage = new Stage(this, 'stage', {
      ...location,
      name: 'LANDING',
      url: `s3://${props.bucket.bucketName}/${props.landingPrefix}`,
      storageIntegration: integration.integrationName,
      comment: `The landing bucket's ${props.landingPrefix} folder, one folder per bulk feed.`,
      dependsOn: [integration.readPolicy],
    });
    const formats = Object.fromEntries(
      (Object.entries(FILE_FORMATS) as [BulkFormat, (typeof FILE_FORMATS)[BulkFormat]][]).map(([format, settings]) => [
        format,
        new FileFormat(this, `format-${format}`, { ...location, ...settings, name: format.toUpperCase(), comment: `Bulk ${format.toUpperCase()} files.` }),
      ])
    ) as Record<BulkFormat, FileFormat>;

    const pipes: Record<string, { pipeName: string; prefix: string }> = {};
    const queues = props.feeds.map((feed) => {
      const columns = feed.format === 'csv' ? (feed.columns ?? []).map((name) => ({ name, type: 'VARCHAR' })) : [{ name: 'RECORD', type: 'VARIANT' }];
      const values = feed.format === 'csv' ? columns.map((_, index) => `$${index + 1}`) : ['$1'];
      const table = new Table(this, `table-${feed.table.toLowerCase()}`, {
        ...location,
        name: feed.table,
        comment: `Bulk ${feed.format.toUpperCase()} feed from s3://<landing>/${feedPrefix(feed)}.`,
        column: [...columns, ...LOAD_METADATA_COLUMNS.map(({ name, type }) => ({ name, type }))],
        // The schema's future grants must exist first to cover this table.
        dependsOn: schema.futureGrants,
      });
      const pipe = new Pipe(this, `pipe-${feed.table.toLowerCase()}`, {
        ...location,
        name: `${feed.table}_PIPE`,
        comment: `Loads every new file under ${feedPrefix(feed)} into ${feed.table}.`,
        autoIngest: true,
        copyStatement: [
          `COPY INTO ${table.fullyQualifiedName} (${[...columns.map((column) => column.name), ...LOAD_METADATA_COLUMNS.map((column) => column.name)].join(', ')})`,
          `FROM (SELECT ${[...values, ...LOAD_METADATA_COLUMNS.map((column) => column.value)].join(', ')} FROM @${stage.fullyQualifiedName}/${feed.prefix})`,
          `FILE_FORMAT = (FORMAT_NAME = ${formats[feed.format].fullyQualifiedName})`,
        ].join(' '),
      });
      pipes[feed.table] = { pipeName: pipe.name, prefix: feedPrefix(feed) };
      return { id: feed.table.toLowerCase(), prefix: feedPrefix(feed), queueArn: pipe.notificationChannel };
    });
    this.pipes = pipes;

    new BucketNotifications(this, 'landing-notifications', { bucketName: props.bucket.bucketName, queues });
  }
}
