/**
 * dbt and the snowflake stack agree on every database and schema name. The names live in
 * config (config/sections/snowflake.ts); the stack creates them and hands dbt the
 * environment its profile and sources read (the `dbt_environment` output, which Airflow
 * passes to the dbt task). This test renders the dbt project with that environment, as dbt
 * would on the `prod` target, and checks every relation against the synthesized stack alone.
 */
import { join } from 'node:path';
import { DbtJinja } from '../../dbt/runner/jinja';
import { loadDbtProject, type DbtProject } from '../../dbt/runner/project';
import { deriveAccessMatrix, type AccessMatrix } from '../../scripts/lib/access-matrix';
import { SnowflakeObjects } from '../../scripts/lib/snowflake-objects';
import { synthPlatform } from '../support/synth';

const project = loadDbtProject(join(__dirname, '..', '..', 'dbt'));
let objects: SnowflakeObjects;
let matrix: AccessMatrix;
let environment: Record<string, string>;

beforeAll(() => {
  const json = synthPlatform({ env: 'dev' }).stack('snowflake').json;
  objects = new SnowflakeObjects(json);
  matrix = deriveAccessMatrix(json);
  environment = objects.outputValue('dbt_environment') as Record<string, string>;
});

/** A relation dbt reads or writes, `DATABASE.SCHEMA` as Snowflake resolves unquoted names. */
interface Relation {
  readonly node: string;
  readonly relation: string;
}

/** Where each model builds (materialized ones) and each source is read from, rendered as dbt would. */
function dbtRelations(dbt: DbtProject, env: Record<string, string>): { writes: Relation[]; reads: Relation[] } {
  const target = { type: 'snowflake', name: env.DBT_TARGET, database: env.SNOWFLAKE_DATABASE, schema: env.SNOWFLAKE_SCHEMA };
  const jinja = new DbtJinja(dbt, target, env);
  const writes = dbt.models.flatMap((model) => {
    const config: Record<string, unknown> = { ...model.folderConfig };
    jinja.render(model.path, model.source, { ref: (name) => name, source: (_source, table) => table, config: (settings) => Object.assign(config, settings), self: model.name });
    if (config.materialized === 'ephemeral') return [];
    const schema = jinja.callMacro('generate_schema_name', config.schema ?? null, { name: model.name }).trim();
    return [{ node: `model ${model.name}`, relation: `${String(config.database ?? target.database)}.${schema}`.toUpperCase() }];
  });
  const render = (template: string) => jinja.render('sources', template, { ref: (name) => name, source: (_s, table) => table, config: () => undefined, self: '' }).trim();
  const reads = dbt.sources.map((source) => ({
    node: `source ${source.sourceName}.${source.tableName}`,
    relation: `${render(source.databaseTemplate)}.${render(source.schemaTemplate)}`.toUpperCase(),
  }));
  return { writes, reads };
}

/** Every way dbt and the stack disagree, as sentences; empty when they agree. */
function disagreements(dbt: DbtProject, env: Record<string, string>): string[] {
  const { writes, reads } = dbtRelations(dbt, env);
  const created = new Set(objects.names('snowflake_schema'));
  const role = env.SNOWFLAKE_ROLE;
  const accessTo = (relation: string) => matrix.data.find((row) => row.object === relation)?.access[role] ?? '';
  return [
    ...[...writes, ...reads].filter(({ relation }) => !created.has(relation)).map(({ node, relation }) => `${node} uses ${relation}, which the stack does not create`),
    ...writes
      .filter(({ relation }) => created.has(relation) && !['write', 'own'].includes(accessTo(relation)))
      .map(({ node, relation }) => `${node} builds in ${relation}, which ${role} cannot write`),
    ...reads.filter(({ relation }) => created.has(relation) && accessTo(relation) === '').map(({ node, relation }) => `${node} reads ${relation}, which ${role} is not granted`),
  ];
}

describe('dbt and the snowflake stack', () => {
  it('agree on every database and schema dbt builds in and reads from', () => {
    expect(disagreements(project, environment)).toEqual([]);
    const { writes, reads } = dbtRelations(project, environment);
    expect([...new Set(writes.map((write) => write.relation))].sort()).toEqual(['ANALYTICS.BRONZE', 'ANALYTICS.GOLD', 'ANALYTICS.MARTS', 'ANALYTICS.SILVER']);
    expect([...new Set(reads.map((read) => read.relation))]).toEqual(['RAW.OLTP']);
  });

  it('connect as the dbt user, whose only role is the transformer, on the transforming warehouse', () => {
    expect(environment).toMatchObject({
      DBT_TARGET: 'prod',
      SNOWFLAKE_ACCOUNT: 'DATAPLATFORM-DEV',
      SNOWFLAKE_USER: 'DBT',
      SNOWFLAKE_ROLE: 'TRANSFORMER',
      SNOWFLAKE_WAREHOUSE: 'TRANSFORMING',
    });
    expect(matrix.users.find((user) => user.user === environment.SNOWFLAKE_USER)?.reaches).toEqual([environment.SNOWFLAKE_ROLE]);
    expect(matrix.warehouses.find((row) => row.warehouse === environment.SNOWFLAKE_WAREHOUSE)?.access[environment.SNOWFLAKE_ROLE]).toBe('use');
  });

  it('would fail on a schema the stack does not create, or one the role is not granted', () => {
    const renamedLayer: DbtProject = {
      ...project,
      models: project.models.map((model) => (model.layer === 'gold' ? { ...model, folderConfig: { ...model.folderConfig, schema: 'platinum' } } : model)),
    };
    expect(disagreements(renamedLayer, environment)).toEqual([expect.stringMatching(/^model dw_customer_project uses ANALYTICS\.PLATINUM, which the stack does not create$/)]);
    expect(disagreements(project, { ...environment, DBT_RAW_SCHEMA: 'raw' })).toEqual([
      'source raw.customers uses RAW.RAW, which the stack does not create',
      'source raw.projects uses RAW.RAW, which the stack does not create',
    ]);
    const asReporter = disagreements(project, { ...environment, SNOWFLAKE_ROLE: 'REPORTER' });
    expect(asReporter).toContain('model mrt_customer builds in ANALYTICS.MARTS, which REPORTER cannot write');
    expect(asReporter).toContain('source raw.customers reads RAW.OLTP, which REPORTER is not granted');
  });
});
