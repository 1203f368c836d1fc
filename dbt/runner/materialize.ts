/**
 * Builds one model in the warehouse the way its materialization says: a view, a table
 * rebuilt every run, or an incremental table that a run adds to once it exists.
 */
import { applyIncrementally, type IncrementalSettings } from './incremental';
import { qualifiedName, quoteIdentifier, type LocalWarehouse, type Relation } from './warehouse';

/** Ephemeral models are built as views: DuckDB inlines a view where dbt would inline a CTE. */
const VIEW_MATERIALIZATIONS = new Set(['view', 'ephemeral']);
export const MATERIALIZATIONS = new Set([...VIEW_MATERIALIZATIONS, 'table', 'incremental']);

/** A model ready to build: where it goes, how, and its SQL for either kind of run. */
export interface ModelBuild {
  readonly relation: Relation;
  readonly materialized: string;
  /** Set when the model is incremental. */
  readonly incremental?: IncrementalSettings;
  /** The model's SQL and post-hooks, rendered with is_incremental() returning `incremental`. */
  render(incremental: boolean): { sql: string; postHooks: string[] };
}

/** How the model was built this run, e.g. `table` or `merge of 120 rows`. */
export type BuildSummary = string;

/**
 * Builds `model` in one transaction, post-hooks included (as dbt runs them by default).
 * An incremental model whose table exists is updated by its strategy, unless
 * `fullRefresh`; otherwise it is built from scratch, like a table.
 */
export async function materialize(warehouse: LocalWarehouse, model: ModelBuild, fullRefresh: boolean): Promise<BuildSummary> {
  const target = qualifiedName(model.relation);
  const existing = await warehouse.relationKind(model.relation);
  const settings = model.incremental;
  const incremental = settings !== undefined && existing === 'table' && !fullRefresh;
  const { sql, postHooks } = model.render(incremental);
  let summary: BuildSummary = '';
  await warehouse.transaction(async () => {
    await warehouse.run(`create schema if not exists ${quoteIdentifier(model.relation.schema)}`);
    if (incremental) {
      const rows = await applyIncrementally(warehouse, target, model.relation.name, sql, settings);
      summary = `${settings.strategy} of ${rows} rows`;
    } else {
      const kind = VIEW_MATERIALIZATIONS.has(model.materialized) ? 'view' : 'table';
      // A model that changed materialization leaves a relation of the other kind behind.
      if (existing !== undefined && existing !== kind) await warehouse.run(`drop ${existing} ${target}`);
      await warehouse.run(`create or replace ${kind} ${target} as\n${sql}`);
      summary = settings === undefined ? kind : 'full build';
    }
    for (const hook of postHooks) await warehouse.run(hook);
  });
  return summary;
}
