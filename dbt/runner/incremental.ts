/**
 * dbt's incremental materialization on DuckDB, as dbt-snowflake runs it: the model's SQL,
 * rendered with is_incremental() true, goes into a temporary table; new columns are
 * handled per on_schema_change; then the strategy's statements move the rows into the
 * existing table. The statements are those of dbt-adapters' default macros, which
 * dbt-snowflake uses for these three strategies.
 */
import { quoteIdentifier, type LocalWarehouse } from './warehouse';

export type IncrementalStrategy = 'merge' | 'delete+insert' | 'append';
export type OnSchemaChange = 'ignore' | 'append_new_columns' | 'fail';

const STRATEGIES: readonly IncrementalStrategy[] = ['merge', 'delete+insert', 'append'];
const SCHEMA_CHANGE_POLICIES: readonly OnSchemaChange[] = ['ignore', 'append_new_columns', 'fail'];

/** A model's incremental settings, from its config(). */
export interface IncrementalSettings {
  /** @default 'merge' (dbt-snowflake's default) */
  readonly strategy: IncrementalStrategy;
  /** Columns that identify a row; empty when the model has no unique_key. */
  readonly uniqueKey: readonly string[];
  /** @default 'ignore' (dbt's default) */
  readonly onSchemaChange: OnSchemaChange;
}

/** Reads and checks the incremental settings of a model's config; the error names the setting and what is allowed. */
export function incrementalSettings(config: Readonly<Record<string, unknown>>): IncrementalSettings {
  const strategy = String(config.incremental_strategy ?? 'merge');
  if (!(STRATEGIES as readonly string[]).includes(strategy)) {
    throw new Error(`incremental_strategy='${strategy}' is not one the local runner implements (${STRATEGIES.join(', ')})`);
  }
  const onSchemaChange = String(config.on_schema_change ?? 'ignore');
  if (!(SCHEMA_CHANGE_POLICIES as readonly string[]).includes(onSchemaChange)) {
    throw new Error(`on_schema_change='${onSchemaChange}' is not one the local runner implements (${SCHEMA_CHANGE_POLICIES.join(', ')})`);
  }
  const uniqueKey = config.unique_key === undefined ? [] : [config.unique_key].flat().map(String);
  return { strategy: strategy as IncrementalStrategy, uniqueKey, onSchemaChange: onSchemaChange as OnSchemaChange };
}

/**
 * Applies the rows of the model's incremental SQL to `target`, which exists; runs inside
 * the caller's transaction. Returns the number of rows the SQL selected.
 */
export async function applyIncrementally(
  warehouse: LocalWarehouse,
  target: string,
  modelName: string,
  sql: string,
  settings: IncrementalSettings,
): Promise<number> {
  const temporaryName = `${modelName}__dbt_tmp`;
  const source = `temp.main.${quoteIdentifier(temporaryName)}`;
  await warehouse.run(`create or replace temp table ${quoteIdentifier(temporaryName)} as\n${sql}`);
  const columns = await columnsToWrite(warehouse, target, source, settings.onSchemaChange, modelName);
  for (const statement of strategyStatements(settings, target, source, columns.map(quoteIdentifier))) {
    await warehouse.run(statement);
  }
  const selected = await warehouse.countRows(`select * from ${source}`);
  await warehouse.run(`drop table ${source}`);
  return selected;
}

/**
 * The columns the strategy writes. Like dbt: with `ignore` those of the existing table;
 * with `append_new_columns` those of the new rows, after adding the missing ones to the
 * table; with `fail` any difference stops the model.
 */
async function columnsToWrite(
  warehouse: LocalWarehouse,
  target: string,
  source: string,
  policy: OnSchemaChange,
  modelName: string,
): Promise<string[]> {
  const targetColumns = await warehouse.columns(target);
  const sourceColumns = await warehouse.columns(source);
  const inTarget = new Set(targetColumns.map((column) => column.name.toLowerCase()));
  const added = sourceColumns.filter((column) => !inTarget.has(column.name.toLowerCase()));
  const removed = targetColumns.filter((column) => !sourceColumns.some((other) => other.name.toLowerCase() === column.name.toLowerCase()));
  switch (policy) {
    case 'ignore':
      return targetColumns.map((column) => column.name);
    case 'fail':
      if (added.length > 0 || removed.length > 0) {
        throw new Error(
          `${modelName}: on_schema_change='fail' and the columns changed (new: ${added.map((c) => c.name).join(', ') || 'none'}; ` +
            `gone: ${removed.map((c) => c.name).join(', ') || 'none'}); run with --full-refresh to rebuild it`,
        );
      }
      return targetColumns.map((column) => column.name);
    case 'append_new_columns':
      for (const column of added) await warehouse.run(`alter table ${target} add column ${quoteIdentifier(column.name)} ${column.type}`);
      return sourceColumns.map((column) => column.name);
  }
}

/** The statements of a strategy; `columns` are quoted. Without a unique key, merge and delete+insert only insert, as in dbt. */
function strategyStatements(settings: IncrementalSettings, target: string, source: string, columns: readonly string[]): string[] {
  const columnList = columns.join(', ');
  const insert = `insert into ${target} (${columnList}) select ${columnList} from ${source}`;
  const keys = settings.uniqueKey.map(quoteIdentifier);
  if (settings.strategy === 'append' || keys.length === 0) return [insert];
  if (settings.strategy === 'delete+insert') {
    const sameKey = keys.map((key) => `${source}.${key} = ${target}.${key}`).join(' and ');
    return [`delete from ${target} using ${source} where (${sameKey})`, insert];
  }
  const sameKey = keys.map((key) => `(dbt_internal_source.${key} = dbt_internal_dest.${key})`).join(' and ');
  return [
    `merge into ${target} as dbt_internal_dest using ${source} as dbt_internal_source on ${sameKey}\n` +
      `when matched then update set ${columns.map((column) => `${column} = dbt_internal_source.${column}`).join(', ')}\n` +
      `when not matched then insert (${columnList}) values (${columns.map((column) => `dbt_internal_source.${column}`).join(', ')})`,
  ];
}
