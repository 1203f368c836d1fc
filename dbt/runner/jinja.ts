import nunjucks from 'nunjucks';
import { generateSurrogateKey } from './dbt-utils';
import type { DbtProject } from './project';

/** The part of dbt's `target` the project's Jinja reads. */
export interface Target {
  readonly type: string;
  readonly name: string;
  readonly database: string;
  readonly schema: string;
}

/** What dbt's context functions see while one node (model, hook or test) is rendered. */
export interface NodeScope {
  /** Relation of `ref(name)`. */
  ref(name: string): string;
  /** Relation of `source(sourceName, tableName)`. */
  source(sourceName: string, tableName: string): string;
  /** Receives the keyword arguments of `config(...)`. */
  config(settings: Record<string, unknown>): void;
  /** The relation `this` stands for. */
  readonly self: string;
  /** What is_incremental() returns: the model is incremental and adds to its existing table. @default false */
  readonly incremental?: boolean;
}

/** Raised for a Jinja error; nunjucks' message names the file, line and column. */
export class JinjaRenderError extends Error {
  constructor(cause: unknown) {
    super(`Jinja error in ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'JinjaRenderError';
  }
}

type Macro = (...args: unknown[]) => unknown;

const NO_SCOPE: NodeScope = {
  ref: (name) => {
    throw new Error(`ref('${name}') is only available while a model, hook or test renders`);
  },
  source: (sourceName, tableName) => {
    throw new Error(`source('${sourceName}', '${tableName}') is only available while a model or test renders`);
  },
  config: () => undefined,
  self: '',
};

/**
 * dbt's Jinja context on nunjucks: the project's macros, `ref`, `source`, `config`, `var`,
 * `env_var`, `is_incremental`, `this`,
 * `target`, `adapter.dispatch` and the dbt_utils macros the models use.
 *
 * Nunjucks is Jinja-compatible for the constructs this project uses (macros, set blocks,
 * `~`, inline if, filters join and trim, `is none`); whitespace control on set blocks
 * differs slightly, which changes blank space in the SQL, never its meaning. Jinja accepts
 * a trailing comma in a call and nunjucks does not, so the project writes calls without. The context
 * functions read the scope of the node being rendered, because dbt's macros see the
 * calling model's `this`, not the one of the file they are defined in.
 */
export class DbtJinja {
  private readonly env: nunjucks.Environment;
  private readonly macros = new Map<string, Macro>();
  private scope: NodeScope = NO_SCOPE;

  constructor(
    private readonly project: DbtProject,
    readonly target: Target,
    environment: NodeJS.ProcessEnv = process.env,
  ) {
    this.env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
    this.env.addTest('none', (value: unknown) => value === null || value === undefined);
    const globals: Record<string, unknown> = {
      target,
      ref: (name: string) => this.scope.ref(name),
      source: (sourceName: string, tableName: string) => this.scope.source(sourceName, tableName),
      config: (settings?: Record<string, unknown>) => {
        this.scope.config(keywordArguments(settings ?? {}));
        return '';
      },
      is_incremental: () => this.scope.incremental === true,
      var: (name: string, fallback?: unknown) => this.variable(name, fallback),
      env_var: (name: string, fallback?: string) => environmentVariable(environment, name, fallback),
      adapter: { dispatch: (name: string) => this.dispatch(name) },
      dbt_utils: {
        generate_surrogate_key: (fields: readonly string[]) =>
          generateSurrogateKey(fields, this.variable('surrogate_key_treat_nulls_as_empty_strings', false) === true),
      },
    };
    for (const [name, value] of Object.entries(globals)) this.env.addGlobal(name, value);
    // Rendering `this` prints the relation of the node being rendered, as in dbt.
    this.env.addGlobal('this', { toString: () => this.scope.self });
    for (const file of project.macroFiles) this.loadMacros(file.path, file.source);
  }

  /** Renders `source` as the node `scope`; `file` names it in errors. */
  render(file: string, source: string, scope: NodeScope): string {
    const previous = this.scope;
    this.scope = scope;
    try {
      return new nunjucks.Template(source, this.env, file).render({});
    } catch (error) {
      throw new JinjaRenderError(error);
    } finally {
      this.scope = previous;
    }
  }

  /** Calls a project macro with SQL text arguments, as `{{ name(args) }}` would. */
  callMacro(name: string, ...args: unknown[]): string {
    const macro = this.macros.get(name);
    if (macro === undefined) throw new Error(`no macro named ${name} in ${this.project.name}'s macro-paths`);
    return String(macro(...args));
  }

  private loadMacros(path: string, source: string): void {
    const template = new nunjucks.Template(source, this.env, path);
    // Nunjucks calls back synchronously when no async filters are involved.
    template.getExported((error: Error | null, exported: Record<string, unknown>) => {
      if (error) throw new JinjaRenderError(error);
      for (const [name, macro] of Object.entries(exported)) {
        if (typeof macro !== 'function') continue;
        this.macros.set(name, macro as Macro);
        this.env.addGlobal(name, macro);
      }
    });
  }

  /** dbt's dispatch order for an adapter without parents: `<adapter>__name`, then `default__name`. */
  private dispatch(name: string): Macro {
    const macro = this.macros.get(`${this.target.type}__${name}`) ?? this.macros.get(`default__${name}`);
    if (macro === undefined) {
      throw new Error(`adapter.dispatch('${name}'): define ${this.target.type}__${name} or default__${name} in macros/`);
    }
    return macro;
  }

  private variable(name: string, fallback: unknown): unknown {
    if (name in this.project.vars) return this.project.vars[name];
    if (fallback !== undefined) return fallback;
    throw new Error(`var('${name}') is not set: add it under vars: in dbt_project.yml`);
  }
}

function environmentVariable(environment: NodeJS.ProcessEnv, name: string, fallback: string | undefined): string {
  const value = environment[name] ?? fallback;
  if (value === undefined) throw new Error(`env_var('${name}') is not set and has no default: export ${name}`);
  return value;
}

/**
 * Nunjucks passes keyword arguments as a trailing object marked `__keywords`, and a
 * macro's output as a SafeString where dbt's Jinja gives a plain string.
 */
function keywordArguments(settings: Record<string, unknown>): Record<string, unknown> {
  const { __keywords: _marker, ...rest } = settings;
  return Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, value instanceof nunjucks.runtime.SafeString ? String(value) : value]),
  );
}
