import { Construct } from 'constructs';
import { DefaultPrivileges, Grant, Publication, ReplicationSlot } from '../providers/postgresql';

export interface LogicalReplicationSourceProps {
  /** The database whose changes are read (a reference, so it exists first). */
  readonly database: string;
  /** The role that owns the database's tables: tables it creates later are readable too. */
  readonly tableOwner: string;
  /** The role that reads the changes; it must hold `rds_replication` (PostgresLoginRole `memberOf`). */
  readonly reader: string;
  /** Schema of the replicated tables. @default "public" */
  readonly schema?: string;
  /** Publication name. */
  readonly publication: string;
  /** Logical replication slot name (pgoutput). */
  readonly replicationSlot: string;
}

/**
 * What a CDC reader (Airbyte's Postgres source) needs of a database: a publication of every
 * table, a `pgoutput` logical replication slot, and CONNECT, schema USAGE and SELECT on the
 * tables (today's and those the owner creates later) for the reader, nothing more.
 */
export class LogicalReplicationSource extends Construct {
  readonly publicationName: string;
  readonly replicationSlotName: string;

  constructor(scope: Construct, id: string, props: LogicalReplicationSourceProps) {
    super(scope, id);
    const schema = props.schema ?? 'public';
    const reader = { database: props.database, role: props.reader };
    new Grant(this, 'reader-connects', { ...reader, objectType: 'database', privileges: ['CONNECT'] });
    new Grant(this, 'reader-uses-schema', { ...reader, schema, objectType: 'schema', privileges: ['USAGE'] });
    new Grant(this, 'reader-selects-tables', { ...reader, schema, objectType: 'table', objects: [], privileges: ['SELECT'] });
    new DefaultPrivileges(this, 'reader-selects-future-tables', { ...reader, owner: props.tableOwner, schema, objectType: 'table', privileges: ['SELECT'] });

    // FOR ALL TABLES, so tables the owner creates later are published with no change here; RDS lets rds_superuser create it.
    const publication = new Publication(this, 'publication', { name: props.publication, database: props.database, allTables: true });
    const slot = new ReplicationSlot(this, 'replication-slot', { name: props.replicationSlot, database: props.database, plugin: 'pgoutput' });
    this.publicationName = publication.name;
    this.replicationSlotName = slot.name;
  }
}
