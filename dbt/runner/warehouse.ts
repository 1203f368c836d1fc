import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** `--warehouse` names something that cannot be a warehouse; the message says what and how to fix it. */
export class WarehouseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WarehouseFileError';
  }
}

/** A schema-qualified relation, as dbt's `this` would print it, and its unquoted parts. */
export interface Relation {
  readonly schema: string;
  readonly name: string;
}

export type RelationKind = 'table' | 'view';

/**
 * Session settings for the runner's work: whole-table scans and joins on ids, and small
 * batches merged into large tables.
 * - No bit-packing: DuckDB bit-packs numeric(38, 0) (every id) as 128-bit integers and
 *   decodes those about 35 times slower than plain storage (a scan of customer_id over a
 *   million rows: 375 ms against 10 ms of CPU), and every join, merge and test reads ids.
 * - No checkpoint at each commit: every model commits, and a checkpoint rewrites each row
 *   group a merge touched; closing the warehouse checkpoints once instead.
 * - Insertion order not kept: no query reads model rows in insertion order (outputs are
 *   sorted on every column), and DuckDB builds large tables with less memory without it.
 */
const SESSION_SETTINGS = [
  "set disabled_compression_methods = 'bitpacking'",
  "set checkpoint_threshold = '4GB'",
  'set preserve_insertion_order = false',
];

/** Every DuckDB database file carries these bytes at offset 8. */
const DUCKDB_MAGIC = Buffer.from('DUCK');
const DUCKDB_MAGIC_OFFSET = 8;

/**
 * The DuckDB database a local run builds its models in: in memory (gone after the run),
 * or a file that persists between runs, so that each run is the next batch of the feed
 * and the incremental models build on what earlier runs left.
 */
export class LocalWarehouse {
  /** DuckDB's name for the catalog of an in-memory database. */
  static readonly IN_MEMORY_DATABASE = 'memory';

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** The catalog models are built in (DuckDB names it after the file). */
    readonly database: string,
    /** The database file; undefined in memory. */
    readonly path: string | undefined,
  ) {}

  /** Opens the warehouse file at `path`, creating it if there is none; in memory without a path. */
  static async open(path?: string): Promise<LocalWarehouse> {
    if (path !== undefined) checkWarehouseFile(path);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path ?? ':memory:');
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0];
      const hint = /lock/i.test(reason) ? 'another run has it open; wait for it to finish' : 'check the path and its permissions';
      throw new WarehouseFileError(`--warehouse ${path}: DuckDB cannot open it (${reason}); ${hint}.`);
    }
    const connection = await instance.connect();
    for (const setting of SESSION_SETTINGS) await connection.run(setting);
    const [row] = (await connection.runAndReadAll('select current_database() as name')).getRowObjectsJS();
    return new LocalWarehouse(instance, connection, String(row?.name), path);
  }

  /**
   * Makes `database` available for tables the run creates: the warehouse's own catalog, or
   * on an in-memory run another in-memory one. A warehouse file holds one database, so
   * sources elsewhere (DBT_RAW_DATABASE) would not persist between runs.
   */
  async useDatabase(database: string): Promise<void> {
    if (database === this.database) return;
    if (this.path !== undefined) {
      throw new WarehouseFileError(
        `the raw sources are configured in database ${database} but the warehouse file ${this.path} holds one database, ` +
          `${this.database}; unset DBT_RAW_DATABASE for local runs with --warehouse.`,
      );
    }
    await this.run(`attach if not exists ':memory:' as ${quoteIdentifier(database)}`);
  }

  /** Runs one statement; returns the number of rows it inserted, updated or deleted. */
  async run(sql: string): Promise<number> {
    return (await this.connection.run(sql)).rowsChanged;
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.connection.runAndReadAll(sql)).getRowObjectsJS();
  }

  async countRows(sql: string): Promise<number> {
    const [row] = await this.query(`select count(*) as row_count from (${sql}) as counted`);
    return Number(row?.row_count ?? 0);
  }

  /** Runs `statements` in one transaction: all of them take effect, or none does. */
  async transaction(statements: () => Promise<void>): Promise<void> {
    await this.run('begin transaction');
    try {
      await statements();
      await this.run('commit');
    } catch (error) {
      await this.run('rollback');
      throw error;
    }
  }

  /** Whether `relation` exists in the warehouse's catalog, and as what. */
  async relationKind(relation: Relation): Promise<RelationKind | undefined> {
    const [row] = await this.query(
      'select table_type from information_schema.tables ' +
        `where table_catalog = ${quoteLiteral(this.database)} and table_schema = ${quoteLiteral(relation.schema)} ` +
        `and table_name = ${quoteLiteral(relation.name)}`,
    );
    if (row === undefined) return undefined;
    return row.table_type === 'VIEW' ? 'view' : 'table';
  }

  /** The columns of a table or view, in order, with their DuckDB types. */
  async columns(relation: string): Promise<{ name: string; type: string }[]> {
    const rows = await this.query(`describe ${relation}`);
    return rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  }

  /** Writes the rows of `relation` sorted on every column, so the file never depends on row arrival order. */
  async exportCsv(relation: string, path: string): Promise<void> {
    await this.run(`copy (select * from ${relation} order by all) to ${quoteLiteral(path)} (format csv, header true)`);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * DuckDB opens some other files as a database too (a CSV file becomes a read-only view),
 * so an existing file must start like a DuckDB database before the run writes to it.
 */
function checkWarehouseFile(path: string): void {
  const fix = 'give the warehouse file of an earlier run, or a path that does not exist yet to start a new warehouse';
  if (!existsSync(path)) return;
  if (!statSync(path).isFile()) throw new WarehouseFileError(`--warehouse ${path}: this is a folder, not a DuckDB database file; ${fix}.`);
  const header = Buffer.alloc(DUCKDB_MAGIC_OFFSET + DUCKDB_MAGIC.length);
  const file = openSync(path, 'r');
  try {
    readSync(file, header, 0, header.length, 0);
  } finally {
    closeSync(file);
  }
  if (!header.subarray(DUCKDB_MAGIC_OFFSET).equals(DUCKDB_MAGIC)) {
    throw new WarehouseFileError(`--warehouse ${path}: not a DuckDB database file (it lacks DuckDB's file header); ${fix}.`);
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `"schema"."name"`, the way models and sources are referenced in SQL. */
export function qualifiedName(relation: Relation): string {
  return `${quoteIdentifier(relation.schema)}.${quoteIdentifier(relation.name)}`;
}
