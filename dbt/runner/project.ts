import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** The project files as dbt reads them, before any Jinja is rendered. */
export interface DbtProject {
  readonly root: string;
  readonly name: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly models: readonly ModelFile[];
  readonly sources: readonly SourceTable[];
  /** Every file under macro-paths, as Jinja source. */
  readonly macroFiles: readonly ProjectFile[];
  /** Singular tests under test-paths, as Jinja source. */
  readonly singularTests: readonly ProjectFile[];
}

export interface ProjectFile {
  readonly name: string;
  readonly path: string;
  readonly source: string;
}

export interface ModelFile extends ProjectFile {
  /** The first folder under models/, i.e. the medallion layer. */
  readonly layer: string;
  /** `+` configs from dbt_project.yml that apply to the model's folder. */
  readonly folderConfig: Readonly<Record<string, unknown>>;
  /** The model's entry in a properties yml (description, columns, data_tests). */
  readonly properties: ModelProperties;
}

export interface ModelProperties {
  readonly description?: string;
  readonly data_tests?: readonly TestDeclaration[];
  readonly tests?: readonly TestDeclaration[];
  readonly columns?: readonly ColumnProperties[];
}

export interface ColumnProperties {
  readonly name: string;
  readonly description?: string;
  readonly data_tests?: readonly TestDeclaration[];
  readonly tests?: readonly TestDeclaration[];
}

/** `not_null`, or `{ accepted_values: { arguments: { values: [...] } } }`, as written in yml. */
export type TestDeclaration = string | Readonly<Record<string, Readonly<Record<string, unknown>> | null>>;

export interface SourceTable {
  readonly sourceName: string;
  readonly tableName: string;
  /** Jinja source of the database and schema properties (they may call env_var or use target). */
  readonly databaseTemplate: string;
  readonly schemaTemplate: string;
  readonly columns: readonly string[];
  /** The column holding each raw row's load time (`config.loaded_at_field`). */
  readonly loadedAtField?: string;
}

interface ProjectYaml {
  name: string;
  vars?: Record<string, unknown>;
  'model-paths'?: string[];
  'macro-paths'?: string[];
  'test-paths'?: string[];
  models?: Record<string, unknown>;
}

interface PropertiesYaml {
  models?: (ModelProperties & { name: string })[];
  sources?: {
    name: string;
    database?: string;
    schema?: string;
    config?: { loaded_at_field?: string };
    tables: { name: string; config?: { loaded_at_field?: string }; columns?: { name: string }[] }[];
  }[];
}

export function loadDbtProject(root: string): DbtProject {
  const project = readYaml<ProjectYaml>(join(root, 'dbt_project.yml'));
  const modelDirs = project['model-paths'] ?? ['models'];
  const propertiesByModel = new Map<string, ModelProperties>();
  const sources: SourceTable[] = [];
  for (const file of modelDirs.flatMap((dir) => listFiles(root, dir, '.yml'))) {
    const properties = readYaml<PropertiesYaml | null>(file.path) ?? {};
    for (const model of properties.models ?? []) propertiesByModel.set(model.name, model);
    for (const source of properties.sources ?? []) {
      for (const table of source.tables) {
        sources.push({
          sourceName: source.name,
          tableName: table.name,
          databaseTemplate: source.database ?? '{{ target.database }}',
          schemaTemplate: source.schema ?? source.name,
          columns: (table.columns ?? []).map((column) => column.name),
          loadedAtField: table.config?.loaded_at_field ?? source.config?.loaded_at_field,
        });
      }
    }
  }
  const models = modelDirs.flatMap((dir) =>
    listFiles(root, dir, '.sql').map((file): ModelFile => {
      const folders = relative(join(root, dir), file.path).split(sep).slice(0, -1);
      return {
        ...file,
        layer: folders[0] ?? '',
        folderConfig: folderConfig(project.models?.[project.name], folders),
        properties: propertiesByModel.get(file.name) ?? {},
      };
    }),
  );
  return {
    root,
    name: project.name,
    vars: project.vars ?? {},
    models,
    sources,
    macroFiles: (project['macro-paths'] ?? ['macros']).flatMap((dir) => listFiles(root, dir, '.sql')),
    singularTests: (project['test-paths'] ?? ['tests']).flatMap((dir) => listFiles(root, dir, '.sql')),
  };
}

/** The `+key` settings along the folder path, deeper folders overriding shallower ones. */
function folderConfig(projectModels: unknown, folders: readonly string[]): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  let level = projectModels;
  for (const folder of ['', ...folders]) {
    if (folder !== '') level = isRecord(level) ? level[folder] : undefined;
    if (!isRecord(level)) break;
    for (const [key, value] of Object.entries(level)) {
      if (key.startsWith('+')) config[key.slice(1)] = value;
    }
  }
  return config;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readYaml<T>(path: string): T {
  return parseYaml(readFileSync(path, 'utf8')) as T;
}

function listFiles(root: string, dir: string, extension: string): ProjectFile[] {
  const entries = readdirSync(join(root, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { name: basename(entry.name, extension), path, source: readFileSync(path, 'utf8') };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}
