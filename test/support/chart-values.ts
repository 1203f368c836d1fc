import { parse } from 'yaml';

/** Every leaf of a values object as its path of keys; a list is a leaf (charts take lists whole). */
export function valuePaths(value: unknown, path: readonly string[] = []): string[][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([key, inner]) => valuePaths(inner, [...path, key]));
  }
  return [[...path]];
}

/** How a chart's values.yaml documents a key the platform sets. */
export type Documented = 'default' | 'open map' | 'commented example';

/**
 * A chart's default values, and the keys its values.yaml shows only as commented-out examples
 * (e.g. `#userSecretKey: ""` under `database:`), which the chart's templates read all the same.
 */
export class ChartDefaults {
  private readonly defaults: unknown;
  private readonly commented: ReadonlySet<string>;

  constructor(source: string) {
    this.defaults = parse(source);
    this.commented = commentedKeys(source);
  }

  /**
   * Whether the chart documents `path`: a key of its defaults; a key under a map the defaults
   * leave empty (`nodeSelector: {}`, `annotations: {}`: its keys are the user's); or a commented
   * example at that place. Undefined when it does not.
   */
  documents(path: readonly string[]): Documented | undefined {
    let node: unknown = this.defaults;
    for (const key of path) {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
      if (Object.keys(node).length === 0) return 'open map';
      if (!(key in node)) return this.commented.has(JSON.stringify(path)) ? 'commented example' : undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return 'default';
  }
}

const KEY_LINE = /^(\s*)([A-Za-z_][\w-]*):/;
const COMMENTED_KEY_LINE = /^(\s*)#(\s?)(\s*)([A-Za-z_][\w-]*):/;

/** Paths of the keys a values.yaml writes only in comments, nested by their indentation like live keys. */
function commentedKeys(source: string): Set<string> {
  const stack: { indent: number; key: string }[] = [];
  const found = new Set<string>();
  for (const line of source.split('\n')) {
    const live = KEY_LINE.exec(line);
    const commented = live ? undefined : COMMENTED_KEY_LINE.exec(line);
    const match = live ? { indent: live[1].length, key: live[2] } : commented ? { indent: commented[1].length + commented[3].length, key: commented[4] } : undefined;
    if (!match) continue;
    while (stack.length > 0 && stack[stack.length - 1].indent >= match.indent) stack.pop();
    stack.push(match);
    if (commented) found.add(JSON.stringify(stack.map((entry) => entry.key)));
  }
  return found;
}
