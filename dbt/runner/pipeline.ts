import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { declaredTests, type DataTest } from './data-tests';
import { topologicalOrder } from './graph';
import { readRawTable, type RawTable } from './input-files';
import { DbtJinja, type NodeScope, type Target } from './jinja';
import { loadDbtProject, type DbtProject, type ModelFile, type SourceTable } from './project';
import { LocalWarehouse, quoteIdentifier } from './warehouse';

export interface PipelineOptions {
  /** Folder holding customers.csv and projects.csv. */
  readonly inputDir: string;
  /** Folder the silver, gold and mart models are written to as `<model>.csv`; created if missing. */
  readonly outputDir: string;
  /** The dbt project. @default the folder this runner lives in (dbt/) */
  readonly projectDir?: string;
  /** Load time stamped on every raw row, as the loader would. @default the time of the run */
  readonly loadedAt?: Date;
  /** Receives one line per model, test and written file. @default discard */
  readonly onProgress?: (line: string) => void;
}

export interface PipelineResult {
  /** Models in the order they were built. */
  readonly models: readonly string[];
  readonly testsRun: number;
  /** Names of the tests that returned failing rows; empty when all passed. */
  readonly failedTests: readonly string[];
  readonly outputFiles: readonly string[];
}

/** The project cannot be compiled or a model cannot be built; the message names the model or source and its file. */
export class PipelineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PipelineError';
  }
}

/** The local stand-in for a dbt profile target: DuckDB, in memory. */
export const LOCAL_TARGET: Target = { type: 'duckdb', name: 'duckdb', database: LocalWarehouse.DATABASE, schema: 'main' };

/** Layers whose models are the run's outputs (rejects are silver models). */
const OUTPUT_LAYERS = new Set(['silver', 'gold', 'marts']);

interface ModelNode {
  readonly file: ModelFile;
  readonly config: Readonly<Record<string, unknown>>;
  readonly refs: ReadonlySet<string>;
  readonly materialized: string;
  /** Quoted schema, and the quoted schema-qualified name the model is built as. */
  readonly schema: string;
  readonly relation: string;
}

/**
 * Runs the dbt project on the input files: loads them as raw tables, builds every model
 * in dependency order, runs the declared and singular tests, and writes the outputs.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const progress = options.onProgress ?? (() => undefined);
  const project = loadDbtProject(options.projectDir ?? resolve(__dirname, '..'));
  const rawTables = project.sources.map((source) => ({ source, raw: readSource(options.inputDir, source) }));
  const jinja = new DbtJinja(project, LOCAL_TARGET);
  const nodes = parseModels(project, jinja);
  const order = topologicalOrder(new Map([...nodes].map(([name, node]) => [name, node.refs])));

  const sourceRelations = new Map<string, string>();
  const propertiesScope = buildScope('', nodes, sourceRelations);
  const warehouse = await LocalWarehouse.open();
  try {
    const loadedAt = options.loadedAt ?? new Date();
    for (const { source, raw } of rawTables) {
      const location = {
        database: jinja.render(`${source.sourceName} source database`, source.databaseTemplate, propertiesScope),
        schema: jinja.render(`${source.sourceName} source schema`, source.schemaTemplate, propertiesScope),
      };
      const relation = await warehouse.loadRawTable(location, raw, loadedAtField(source), loadedAt);
      sourceRelations.set(sourceKey(source.sourceName, source.tableName), relation);
      progress(`loaded ${source.tableName}.csv: ${raw.rows.length} rows into ${relation}`);
    }
    for (const [index, name] of order.entries()) {
      const node = nodes.get(name) as ModelNode;
      const started = Date.now();
      await buildModel(warehouse, jinja, node, buildScope(node.relation, nodes, sourceRelations));
      const rows = await warehouse.countRows(`select * from ${node.relation}`);
      progress(
        `[${String(index + 1).padStart(2)}/${order.length}] ${node.materialized.padEnd(9)} ${name} ... ` +
          `OK ${rows} rows (${Date.now() - started} ms)`,
      );
    }

    const tests = collectTests(project, jinja, nodes, sourceRelations);
    const failedTests: string[] = [];
    for (const test of tests) {
      const failures = await warehouse.countRows(test.sql);
      if (failures > 0) failedTests.push(test.name);
      progress(failures > 0 ? `FAIL ${test.name} (${failures} failing rows)` : `PASS ${test.name}`);
    }

    mkdirSync(options.outputDir, { recursive: true });
    const outputFiles: string[] = [];
    for (const name of order) {
      const node = nodes.get(name) as ModelNode;
      if (!OUTPUT_LAYERS.has(node.file.layer) || node.materialized === 'ephemeral') continue;
      const path = join(options.outputDir, `${name}.csv`);
      await warehouse.exportCsv(node.relation, path);
      outputFiles.push(path);
      progress(`wrote ${path}`);
    }
    return { models: order, testsRun: tests.length, failedTests, outputFiles };
  } finally {
    warehouse.close();
  }
}

function readSource(inputDir: string, source: SourceTable): RawTable {
  if (source.columns.length === 0) {
    throw new PipelineError(`source ${source.sourceName}.${source.tableName}: list its columns in the sources yml`);
  }
  return readRawTable(inputDir, source.tableName, source.columns);
}

function loadedAtField(source: SourceTable): string {
  if (source.loadedAtField === undefined) {
    throw new PipelineError(`source ${source.sourceName}.${source.tableName}: set config.loaded_at_field in the sources yml`);
  }
  return source.loadedAtField;
}

/**
 * Renders every model once to learn its refs and config (as dbt's parse does), then
 * decides its materialization and relation.
 */
function parseModels(project: DbtProject, jinja: DbtJinja): Map<string, ModelNode> {
  const nodes = new Map<string, ModelNode>();
  for (const file of project.models) {
    const refs = new Set<string>();
    const config: Record<string, unknown> = { ...file.folderConfig };
    jinja.render(file.path, file.source, {
      ref: (name) => {
        refs.add(name);
        return quoteIdentifier(name);
      },
      source: (sourceName, tableName) => {
        if (!project.sources.some((source) => source.sourceName === sourceName && source.tableName === tableName)) {
          throw new Error(`source('${sourceName}', '${tableName}') is not declared in a sources yml`);
        }
        return quoteIdentifier(tableName);
      },
      config: (settings) => Object.assign(config, settings),
      self: quoteIdentifier(file.name),
    });
    const customSchema = config.schema === undefined ? null : String(config.schema);
    const schema = quoteIdentifier(jinja.callMacro('generate_schema_name', customSchema, {}));
    nodes.set(file.name, {
      file,
      config,
      refs,
      materialized: String(config.materialized ?? 'view'),
      schema,
      relation: `${schema}.${quoteIdentifier(file.name)}`,
    });
  }
  return nodes;
}

/** What ref, source and this resolve to while rendering for the build; `self` is the relation `this` names. */
function buildScope(self: string, nodes: ReadonlyMap<string, ModelNode>, sourceRelations: ReadonlyMap<string, string>): NodeScope {
  return {
    ref: (name) => {
      const target = nodes.get(name);
      if (target === undefined) throw new Error(`ref('${name}'): there is no model named ${name}`);
      return target.relation;
    },
    source: (sourceName, tableName) => {
      const relation = sourceRelations.get(sourceKey(sourceName, tableName));
      if (relation === undefined) throw new Error(`source('${sourceName}', '${tableName}') is not loaded yet`);
      return relation;
    },
    config: () => undefined,
    self,
  };
}

async function buildModel(warehouse: LocalWarehouse, jinja: DbtJinja, node: ModelNode, scope: NodeScope): Promise<void> {
  const file = node.file.path;
  const sql = jinja.render(file, node.file.source, scope);
  const statement =
    node.materialized === 'view' || node.materialized === 'ephemeral'
      ? `create or replace view ${node.relation} as\n${sql}`
      : `create or replace table ${node.relation} as\n${sql}`;
  const hooks = [node.config.post_hook ?? []].flat().map((hook) => jinja.render(`${file} post_hook`, String(hook), scope));
  try {
    await warehouse.run(`create schema if not exists ${node.schema}`);
    await warehouse.run(statement);
    for (const hook of hooks) await warehouse.run(hook);
  } catch (error) {
    throw new PipelineError(`${node.file.name} (${file}) failed on DuckDB: ${(error as Error).message}`);
  }
}

function collectTests(
  project: DbtProject,
  jinja: DbtJinja,
  nodes: ReadonlyMap<string, ModelNode>,
  sourceRelations: ReadonlyMap<string, string>,
): DataTest[] {
  const tests: DataTest[] = [];
  for (const node of nodes.values()) {
    const scope = buildScope(node.relation, nodes, sourceRelations);
    const resolveRelation = (expression: string): string =>
      jinja.render(`${node.file.name} test argument`, `{{ ${expression} }}`, scope);
    tests.push(...declaredTests(node.file, node.relation, resolveRelation));
  }
  const singularScope = buildScope('', nodes, sourceRelations);
  for (const test of project.singularTests) {
    tests.push({ name: test.name, sql: jinja.render(test.path, test.source, singularScope) });
  }
  return tests;
}

function sourceKey(sourceName: string, tableName: string): string {
  return `${sourceName}.${tableName}`;
}
