import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');
export const DAGS_DIR = join(REPO_ROOT, 'dags');

/** Every DAG file: the Python files of dags/ (the DAG bucket's objects), each path relative to the repository. */
export function dagFiles(): string[] {
  return readdirSync(DAGS_DIR)
    .filter((name) => name.endsWith('.py'))
    .sort()
    .map((name) => join('dags', name));
}

/** Why `command` cannot run here, or undefined when it can. */
export function missingTool(command: string, versionArgs: readonly string[] = ['--version']): string | undefined {
  const probe = spawnSync(command, versionArgs, { encoding: 'utf8' });
  return probe.error || probe.status !== 0 ? `${command} is not installed` : undefined;
}

/** Why python3 cannot import `modules` here, or undefined when it can (found, not imported: fast). */
export function missingPythonModules(modules: readonly string[]): string | undefined {
  const probe = spawnSync('python3', ['-c', `import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in ${JSON.stringify(modules)}) else 1)`]);
  return probe.error || probe.status !== 0 ? `python3 cannot import ${modules.join(', ')}` : undefined;
}

/**
 * Registers a check that needs something this machine may lack (`missing` says what, or is
 * undefined): run it, or one skipped test named after what was not checked. With
 * PLATFORM_REQUIRE_TOOLS=1 (CI) a missing tool fails instead.
 */
export function withTool(missing: string | undefined, install: string, what: string, define: () => void): void {
  if (missing && process.env.PLATFORM_REQUIRE_TOOLS === '1') {
    throw new Error(`${what} cannot run here (PLATFORM_REQUIRE_TOOLS=1): ${missing}; install it with: ${install}`);
  }
  if (missing) {
    it.skip(`SKIPPED, not checked: ${what} (${missing}; install it with: ${install})`, () => undefined);
    return;
  }
  define();
}

/** Runs a helper script of this folder with python3 and parses what it prints as JSON. */
export function python<T>(script: string, args: readonly string[]): T {
  const output = execFileSync('python3', [join(__dirname, script), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return JSON.parse(output) as T;
}

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/** What test/dags/dag_facts.py reads from a DAG file. */
export interface DagFileFacts {
  readonly path: string;
  readonly compiles: boolean;
  readonly error?: string;
  readonly constants: Record<string, unknown>;
  readonly dags: readonly { readonly line: number; readonly arguments: Record<string, any> }[];
  readonly tasks: Record<string, TaskFacts>;
  readonly edges: readonly [string, string][];
  readonly top_level_io: readonly { readonly line: number; readonly what: string }[];
}

export interface TaskFacts {
  readonly task_id: string;
  readonly operator: string;
  readonly mapped: boolean;
  readonly kwargs: Record<string, any>;
  readonly expand?: Record<string, string>;
  readonly xcom_sources: readonly string[];
}

export function dagFacts(files: readonly string[]): DagFileFacts[] {
  return python<DagFileFacts[]>('dag_facts.py', ['facts', ...files]);
}

/** Task ids upstream of `taskId`, transitively. */
export function ancestors(facts: DagFileFacts, taskId: string): Set<string> {
  const found = new Set<string>();
  const pending = [taskId];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for (const [upstream, downstream] of facts.edges) {
      if (downstream === current && !found.has(upstream)) {
        found.add(upstream);
        pending.push(upstream);
      }
    }
  }
  return found;
}

/** Seconds of a timedelta the reader evaluated, or undefined. */
export function seconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const evaluated = value as { timedelta_seconds?: number } | undefined;
  return evaluated?.timedelta_seconds;
}
