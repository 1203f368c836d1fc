import { join } from 'node:path';
import { DbtJinja, type Target } from '../../dbt/runner/jinja';
import { LOCAL_TARGET } from '../../dbt/runner/pipeline';
import { loadDbtProject, type ModelFile } from '../../dbt/runner/project';
import { REPO_ROOT } from './support';

const project = loadDbtProject(join(REPO_ROOT, 'dbt'));
const SNOWFLAKE_TARGET: Target = { type: 'snowflake', name: 'prod', database: 'ANALYTICS', schema: 'PUBLIC' };
const snowflake = new DbtJinja(project, SNOWFLAKE_TARGET, {});
const duckdb = new DbtJinja(project, LOCAL_TARGET, {});

/** The config() a model declares when rendered for the target of `jinja`, over its folder's config. */
function configFor(model: ModelFile, jinja: DbtJinja): Record<string, unknown> {
  const config: Record<string, unknown> = { ...model.folderConfig };
  jinja.render(model.path, model.source, {
    ref: (name) => name,
    source: (_sourceName, tableName) => tableName,
    config: (settings) => Object.assign(config, settings),
    self: model.name,
  });
  return config;
}

/** Silver and gold models that hold rows rather than pass them through. */
const growingModels = project.models.filter(
  (model) => ['silver', 'gold'].includes(model.layer) && configFor(model, duckdb).materialized !== 'ephemeral',
);

test('every model and every column listed for it has a description', () => {
  const undescribed = project.models.flatMap((model) => [
    ...(model.properties.description?.trim() ? [] : [model.name]),
    ...(model.properties.columns ?? []).filter((column) => !column.description?.trim()).map((column) => `${model.name}.${column.name}`),
  ]);
  expect(undescribed).toEqual([]);
});

test('model names carry their layer prefix', () => {
  const prefixes: Record<string, string> = { bronze: 'brz_', silver: 'tfm_', gold: 'dw_', marts: 'mrt_' };
  for (const model of project.models) expect(model.name).toMatch(new RegExp(`^${prefixes[model.layer]}`));
});

test('silver and gold models are incremental on Snowflake, with a key or the append strategy', () => {
  expect(growingModels.map((model) => model.name).sort()).toEqual([
    'dw_customer_project',
    'tfm_customer_engagements',
    'tfm_customer_info',
    'tfm_customer_rejects',
    'tfm_customers_cleansed',
    'tfm_engagement_services',
    'tfm_project_rejects',
    'tfm_projects',
    'tfm_projects_cleansed',
  ]);
  for (const model of growingModels) {
    const config = configFor(model, snowflake);
    expect(config).toMatchObject({ materialized: 'incremental', on_schema_change: 'append_new_columns' });
    expect(config.unique_key !== undefined || config.incremental_strategy === 'append').toBe(true);
  }
});

test('the models that merge do so on their grain key', () => {
  const keys = Object.fromEntries(growingModels.map((model) => [model.name, configFor(model, snowflake).unique_key]));
  expect(keys).toMatchObject({
    tfm_customer_info: 'customer_id',
    tfm_customer_engagements: ['customer_id', 'engagementid'],
    tfm_projects: 'project_id',
  });
});

test('the local DuckDB target builds every model with the same config as Snowflake: incremental there too', () => {
  for (const model of project.models) expect({ model: model.name, config: configFor(model, duckdb) }).toEqual({ model: model.name, config: configFor(model, snowflake) });
});
