import type { z } from 'zod';

type Schema = z.core.$ZodType;
type Def = { type: string; innerType?: Schema; in?: Schema; shape?: Record<string, Schema>; options?: Schema[]; element?: Schema; valueType?: Schema };

/** The keys an object schema accepts at `path` (every option's keys for a union). */
export function knownKeys(schema: Schema, path: readonly PropertyKey[]): string[] {
  return [...new Set(schemasAt(schema, path).flatMap((node) => Object.keys(definition(node).shape ?? {})))].sort();
}

/** The known key `unknown` most likely means: a near spelling ("natGatways" -> "natGateways") or a part of it ("lockfile" -> "useLockfile"). */
export function closestKey(unknown: string, known: readonly string[]): string | undefined {
  const containing = known.filter((key) => key.toLowerCase().includes(unknown.toLowerCase()) || unknown.toLowerCase().includes(key.toLowerCase()));
  if (containing.length === 1) return containing[0];
  const scored = known.map((key) => ({ key, distance: editDistance(unknown.toLowerCase(), key.toLowerCase()) })).sort((a, b) => a.distance - b.distance);
  const best = scored[0];
  return best && best.distance <= Math.max(2, Math.floor(unknown.length / 3)) ? best.key : undefined;
}

function definition(schema: Schema): Def {
  let node = schema;
  for (;;) {
    const def = (node as unknown as { _zod: { def: Def } })._zod.def;
    const inner = ['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (!inner) return def;
    node = inner;
  }
}

function schemasAt(schema: Schema, path: readonly PropertyKey[]): Schema[] {
  const def = definition(schema);
  if (def.type === 'union') return (def.options ?? []).flatMap((option) => schemasAt(option, path));
  if (path.length === 0) return [schema];
  const [head, ...rest] = path;
  const next = def.type === 'object' ? def.shape?.[String(head)] : def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : undefined;
  return next ? schemasAt(next, rest) : [];
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
