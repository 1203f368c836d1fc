import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The folder of chart values files: one per chart, readable on its own. */
export const HELM_VALUES_DIRECTORY = join(__dirname, '..', 'helm-values');

/**
 * A chart's values file from helm-values/: its text, handed to Helm as the first values
 * document, and its parsed form. Fails when the file is missing or is not a YAML mapping.
 */
export function readHelmValues(file: string): { readonly text: string; readonly values: Readonly<Record<string, unknown>> } {
  const path = join(HELM_VALUES_DIRECTORY, file);
  if (!existsSync(path)) throw new Error(`helm-values/${file} does not exist; every chart's values live in helm-values/<chart>.yaml`);
  const text = readFileSync(path, 'utf8');
  let values: unknown;
  try {
    values = parse(text);
  } catch (error) {
    throw new Error(`helm-values/${file} is not valid YAML: ${(error as Error).message}`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new Error(`helm-values/${file} must hold a mapping of chart values at its top level`);
  return { text, values: values as Record<string, unknown> };
}

/** Values as Helm merges its documents: later mappings win key by key; anything else replaces. */
export function mergeHelmValues(...documents: readonly Readonly<Record<string, unknown>>[]): Record<string, unknown> {
  const merge = (base: unknown, over: unknown): unknown => {
    if (!isMapping(base) || !isMapping(over)) return over;
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) merged[key] = key in base ? merge(base[key], value) : value;
    return merged;
  };
  return documents.reduce<Record<string, unknown>>((merged, document) => merge(merged, document) as Record<string, unknown>, {});
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
