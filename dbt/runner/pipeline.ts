import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { declaredTests, type DataTest } from './data-tests';
import { topologicalOrder } from './graph';
import { incrementalSettings, type IncrementalSettings } from './incremental';
import { loadInputFile, readInputFile, type InputFile } from './input-files';
import { DbtJinja, type NodeScope, type Target } from './jinja';
import { materialize, MATERIALIZATIONS } from './materialize';
import { loadDbtProject, type DbtProject, type ModelFile, type SourceTable } from './project';
import { LocalWarehouse, qualifiedName, quoteIdentifier, type Relation } from './warehouse';

export interface PipelineOptions {
  /** Folder holding customers.csv and projects.csv. */
  readonly inputDir: string;
  /**
   * Folder the silver, gold and mart models are written to as `<model>.csv`; created if
   * missing. @default none: the models stay in the warehouse only
   */
  readonly outputDir?: string;
  /** The dbt project. @default the folder this runner lives in (dbt/) */
  readonly projectDir?: string;
  /**
   * DuckDB database file that persists between runs: each run appends its input files to
   * the raw tables and builds the incremental models on what earlier runs left, as a
   * production batch does. Created if missing. @default an in-memory database, so every
   * run is a full build
   */
  readonly warehouse?: string;
  /** Rebuild incremental models from all raw rows, as `dbt build --full-refresh`. @default false */
  readonly fullRefresh?: boolean;
  /** Load time stamped on every raw row, as the loader would; later than earlier runs' on the same warehouse. @default the time of the run */
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
  /** Wall seconds of each phase of the run. */
  readonly seconds: Readonly<Record<'load' | 'models' | 'tests' | 'outputs', number>>;
}

/** The project cannot be compiled or a model cannot be built; the message names the model or source and its file. */
export class PipelineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PipelineError';
  }
}

/** The local stand-in for a dbt profile target: DuckDB, in memory (a warehouse file names its own database). */
export const LOCAL_TARGET: Target = { type: 'duckdb', name: 'duckdb', database: LocalWarehouse.IN_MEMORY_DATABASE, schema: 'main' };

/** Layers whose models are the run's outputs (rejects are silver models). */
const OUTPUT_LAYERS = new Set(['silver', 'gold', 'marts']);
/** Models tagged so are steps towards the outputs, not outputs. */
const INTERMEDIATE_TAG = 'intermediate';

interface ModelNode {
  readonly file: ModelFile;
  readonly config: Readonly<Record<string, unknown>>;
  readonly refs: ReadonlySet<string>;
  readonly materialized: string;
  /** Set when the model is incremental. */
  readonly incremental?: IncrementalSettings;
  /** The schema and name the model is built as, and the quoted name that `ref` and `this` print. */
  readonly target: Relation;
  readonly relation: string;
}

/**
 * Runs the dbt project on the input files: loads them as raw tables, builds every model
 * in dependency order, runs the declared and singular tests, and writes the outputs.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const progress = options.onProgress ?? (() => undefined);
  const phase = stopwatch();
  const project = loadDbtProject(options.projectDir ?? resolve(__dirname, '..'));
  const inputs = project.sources.map((source) => ({ source, file: readSource(options.inputDir, source) }));
  const warehouse = await LocalWarehouse.open(options.warehouse);
  try {
    const jinja = new DbtJinja(project, { ...LOCAL_TARGET, database: warehouse.database });
    const nodes = parseModels(project, jinja);
    const order = topologicalOrder(new Map([...nodes].map(([name, node]) => [name, node.refs])));
    const sourceRelations = await loadInputs(warehouse, jinja, nodes, inputs, options.loadedAt ?? new Date(), progress);
    const load = phase();

    for (const [index, name] of order.entries()) {
      const node = nodes.get(name) as ModelNode;
      const started = Date.now();
      const summary = await buildModel(warehouse, jinja, node, nodes, sourceRelations, options.fullRefresh === true);
      const rows = await warehouse.countRows(`select * from ${node.relation}`);
      progress(
        `[${String(index + 1).padStart(2)}/${order.length}] ${node.materialized.padEnd(11)} ${name} ... ` +
          `OK ${rows} rows (${summary}, ${Date.now() - started} ms)`,
      );
    }
    const models = phase();

    const tests = collectTests(project, jinja, nodes, sourceRelations);
    const failedTests: string[] = [];
    for (const test of tests) {
      const failures = await warehouse.countRows(test.sql);
      if (failures > 0) failedTests.push(test.name);
      progress(failures > 0 ? `FAIL ${test.name} (${failures} failing rows)` : `PASS ${test.name}`);
    }
    const testing = phase();

    const outputFiles: string[] = [];
    if (options.outputDir !== undefined) {
      mkdirSync(options.outputDir, { recursive: true });
      for (const name of order.filter((model) => isOutput(nodes.get(model) as ModelNode))) {
        const path = join(options.outputDir, `${name}.csv`);
        await warehouse.exportCsv((nodes.get(name) as ModelNode).relation, path);
        outputFiles.push(path);
        progress(`wrote ${path}`);
      }
    }
    return { models: order, testsRun: tests.length, failedTests, outputFiles, seconds: { load, models, tests: testing, outputs: phase() } };
  } finally {
    warehouse.close();
  }
}

/** Each call returns the wall seconds since the previous call (or since the stopwatch was made). */
function stopwatch(): () => number {
  let last = process.hrtime.bigint();
  return () => {
    const now = process.hrtime.bigint();
    const seconds = Number(now - last) / 1e9;
    last = now;
    return seconds;
  };
}

/**
 * Appends every input file to its raw table in one transaction, so that a file that
 * fails to load leaves the warehouse as it was. Returns the relation of each source.
 */
async function loadInputs(
  warehouse: LocalWarehouse,
  jinja: DbtJinja,
  nodes: ReadonlyMap<string, ModelNode>,
  inputs: readonly { source: SourceTable; file: InputFile }[],
  loadedAt: Date,
  progress: (line: string) => void,
): Promise<Map<string, string>> {
  const sourceRelations = new Map<string, string>();
  const propertiesScope = buildScope('', nodes, sourceRelations);
  await warehouse.transaction(async () => {
    for (const { source, file } of inputs) {
      const target = {
        database: jinja.render(`${source.sourceName} source database`, source.databaseTemplate, propertiesScope),
        schema: jinja.render(`${source.sourceName} source schema`, source.schemaTemplate, propertiesScope),
        loadedAtColumn: loadedAtField(source),
      };
      await warehouse.useDatabase(target.database);
      const { relation, rows } = await loadInputFile(warehouse, file, target, loadedAt);
      sourceRelations.set(sourceKey(source.sourceName, source.tableName), relation);
      progress(`loaded ${file.fileName}: ${rows} rows into ${relation}`);
    }
  });
  return sourceRelations;
}

function isOutput(node: ModelNode): boolean {
  const tags = [node.config.tags ?? []].flat().map(String);
  return OUTPUT_LAYERS.has(node.file.layer) && node.materialized !== 'ephemeral' && !tags.includes(INTERMEDIATE_TAG);
}

function readSource(inputDir: string, source: SourceTable): InputFile {
  if (source.columns.length === 0) {
    throw new PipelineError(`source ${source.sourceName}.${source.tableName}: list its columns in the sources yml`);
  }
  return readInputFile(inputDir, source.tableName, source.columns);
}

function loadedAtField(source: SourceTable): string {
  if (source.loadedAtField === undefined) {
    throw new PipelineError(`source ${source.sourceName}.${source.tableName}: set config.loaded_at_field in the sources yml`);
  }
  return source.loadedAtField;
}

/**
 * Renders every model once to learn its refs and config (as dbt's parse does), then
 * decides its materialization and relation; a setting the runner cannot build stops the
 * run before anything is built.
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
    const materialized = String(config.materialized ?? 'view');
    if (!MATERIALIZATIONS.has(materialized)) {
      throw new PipelineError(`${file.name} (${file.path}): materialized='${materialized}' is not one the local runner builds (${[...MATERIALIZATIONS].join(', ')})`);
    }
    let incremental: IncrementalSettings | undefined;
    try {
      incremental = materialized === 'incremental' ? incrementalSettings(config) : undefined;
    } catch (error) {
      throw new PipelineError(`${file.name} (${file.path}): ${(error as Error).message}`);
    }
    const customSchema = config.schema === undefined ? null : String(config.schema);
    const target = { schema: jinja.callMacro('generate_schema_name', customSchema, {}), name: file.name };
    nodes.set(file.name, { file, config, refs, materialized, incremental, target, relation: qualifiedName(target) });
  }
  return nodes;
}

/**
 * What ref, source and this resolve to while rendering for the build; `self` is the
 * relation `this` names, and `incremental` what is_incremental() returns.
 */
function buildScope(
  self: string,
  nodes: ReadonlyMap<string, ModelNode>,
  sourceRelations: ReadonlyMap<string, string>,
  incremental = false,
): NodeScope {
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
    incremental,
  };
}

async function buildModel(
  warehouse: LocalWarehouse,
  jinja: DbtJinja,
  node: ModelNode,
  nodes: ReadonlyMap<string, ModelNode>,
  sourceRelations: ReadonlyMap<string, string>,
  fullRefresh: boolean,
): Promise<string> {
  const file = node.file.path;
  const render = (incremental: boolean): { sql: string; postHooks: string[] } => {
    const scope = buildScope(node.relation, nodes, sourceRelations, incremental);
    return {
      sql: jinja.render(file, node.file.source, scope),
      postHooks: [node.config.post_hook ?? []].flat().map((hook) => jinja.render(`${file} post_hook`, String(hook), scope)),
    };
  };
  try {
    return await materialize(warehouse, { relation: node.target, materialized: node.materialized, incremental: node.incremental, render }, fullRefresh);
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
