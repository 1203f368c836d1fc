/**
 * Orders nodes so that each comes after everything it depends on (Kahn's algorithm).
 * Among nodes that are ready at the same time the input order is kept, so runs are
 * reproducible.
 */
export function topologicalOrder(dependencies: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  for (const [node, upstream] of dependencies) {
    for (const name of upstream) {
      if (!dependencies.has(name)) throw new Error(`${node} depends on ${name}, which is not a model of the project`);
    }
  }
  const ordered: string[] = [];
  const done = new Set<string>();
  while (ordered.length < dependencies.size) {
    const ready = [...dependencies].filter(
      ([node, upstream]) => !done.has(node) && [...upstream].every((name) => done.has(name)),
    );
    if (ready.length === 0) {
      const stuck = [...dependencies.keys()].filter((node) => !done.has(node));
      throw new Error(`dependency cycle among ${stuck.join(', ')}`);
    }
    for (const [node] of ready) {
      ordered.push(node);
      done.add(node);
    }
  }
  return ordered;
}
