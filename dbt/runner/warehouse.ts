import { DuckDBConnection, DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import type { RawTable } from './input-files';

/** The in-process, in-memory DuckDB database a local run builds its models in. */
export class LocalWarehouse {
  /** DuckDB's name for the catalog of an in-memory database. */
  static readonly DATABASE = 'memory';

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<LocalWarehouse> {
    const instance = await DuckDBInstance.create(':memory:');
    return new LocalWarehouse(instance, await instance.connect());
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.connection.runAndReadAll(sql)).getRowObjectsJS();
  }

  async countRows(sql: string): Promise<number> {
    const [row] = await this.query(`select count(*) as row_count from (${sql}) as counted`);
    return Number(row?.row_count ?? 0);
  }

  /**
   * Creates `database.schema.table` with the raw text columns and a `loadedAtColumn`
   * timestamp set to `loadedAt` on every row, as the loader (Airbyte) does in the warehouse.
   */
  async loadRawTable(
    location: { database: string; schema: string },
    raw: RawTable,
    loadedAtColumn: string,
    loadedAt: Date,
  ): Promise<string> {
    if (location.database !== LocalWarehouse.DATABASE) {
      await this.run(`attach if not exists ':memory:' as ${quoteIdentifier(location.database)}`);
    }
    const schema = `${quoteIdentifier(location.database)}.${quoteIdentifier(location.schema)}`;
    const relation = `${schema}.${quoteIdentifier(raw.table)}`;
    const columns = [...raw.columns.map((column) => `${quoteIdentifier(column)} varchar`), `${quoteIdentifier(loadedAtColumn)} timestamp`];
    await this.run(`create schema if not exists ${schema}`);
    await this.run(`create table ${relation} (${columns.join(', ')})`);
    const appender = await this.connection.createAppender(raw.table, location.schema, location.database);
    const timestamp = new DuckDBTimestampValue(BigInt(loadedAt.getTime()) * 1000n);
    for (const row of raw.rows) {
      for (const value of row) appender.appendVarchar(value);
      appender.appendTimestamp(timestamp);
      appender.endRow();
    }
    appender.closeSync();
    return relation;
  }

  /** Writes the rows of `relation` sorted on every column, so the file never depends on row arrival order. */
  async exportCsv(relation: string, path: string): Promise<void> {
    await this.run(`copy (select * from ${relation} order by all) to '${path.replace(/'/g, "''")}' (format csv, header true)`);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
