/** A node group's scaling bounds, lowest first: each is at most the next. */
export const NODE_GROUP_BOUNDS = ['minSize', 'desiredSize', 'maxSize'] as const;

/** A warehouse's cluster bounds, lowest first. */
export const CLUSTER_BOUNDS = ['minClusterCount', 'maxClusterCount'] as const;

/**
 * Applies pinned values to an ordered set of bounds (e.g. min <= desired <= max) and moves
 * each unpinned one to the nearest value that keeps the order; pinned values are already
 * ordered among themselves (the schema checks it).
 */
export function applyPinnedBounds<K extends string>(keys: readonly K[], model: Readonly<Record<K, number>>, pinned: Partial<Record<K, number>> = {}): Record<K, number> {
  const result = {} as Record<K, number>;
  keys.forEach((key, index) => {
    const own = pinned[key];
    if (own !== undefined) {
      result[key] = own;
      return;
    }
    const below = keys.slice(0, index).map((other) => pinned[other]).filter((value): value is number => value !== undefined);
    const above = keys.slice(index + 1).map((other) => pinned[other]).filter((value): value is number => value !== undefined);
    result[key] = Math.min(Math.max(model[key], ...below), ...above);
  });
  return result;
}
