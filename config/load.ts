import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './errors';
import { environments } from './environments';
import { platformConfigSchema, type PlatformConfig, type PlatformConfigInput } from './schema';
import { closestKey, knownKeys } from './suggest';

/** Any subset of an environment's fields, for tests and command-line overrides. */
export type ConfigOverrides = DeepPartial<PlatformConfigInput>;
type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export interface LoadConfigOptions {
  /** Environment name. @default process.env.PLATFORM_ENV, else "dev" */
  readonly env?: string;
  /** Merged over the environment before validation; arrays replace, objects merge. */
  readonly overrides?: ConfigOverrides;
}

export const DEFAULT_ENVIRONMENT = 'dev';

/** Picks the environment, applies overrides and validates; throws ConfigError listing every bad field. */
export function loadConfig(options: LoadConfigOptions = {}): PlatformConfig {
  const name = options.env ?? process.env.PLATFORM_ENV ?? DEFAULT_ENVIRONMENT;
  const base = Object.hasOwn(environments, name) ? environments[name] : undefined;
  if (!base) {
    throw new ConfigError(name, [
      {
        path: 'PLATFORM_ENV',
        message: `"${name}" is not a known environment; use one of ${Object.keys(environments).join(', ')} (files in config/environments/)`,
      },
    ]);
  }
  return validateConfig(deepMerge(base, options.overrides ?? {}), name);
}

/** Validates raw input (an environment object, or a test's hand-made one). */
export function validateConfig(raw: unknown, environment: string): PlatformConfig {
  const result = platformConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(environment, result.error.issues.flatMap(toConfigIssues));
  return result.data;
}

function toConfigIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(platformConfigSchema, issue.path);
    return issue.keys.map((key) => {
      const suggestion = closestKey(key, known);
      return {
        path: [...path, key].join('.'),
        message: `is not a setting here${suggestion ? `; did you mean "${suggestion}"?` : ''} (settings here: ${known.join(', ')}; see the README's configuration reference)`,
      };
    });
  }
  // zod reports a bad record key as "Invalid key in record"; the useful text is in the nested issues.
  const message = issue.code === 'invalid_key' ? issue.issues.map((inner) => inner.message).join('; ') : issue.message;
  return [{ path: path.join('.'), message }];
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
