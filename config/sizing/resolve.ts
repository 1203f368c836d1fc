import type { PlatformConfig } from '../schema';
import { buildPlan, type SizingPlan } from './plan';

/**
 * The plan the stacks deploy: the model for this environment's inputs with its pinned
 * figures applied. The landing lifecycle is `storage.landingLifecycle`, whose unset fields
 * the schema fills from the model.
 */
export function resolveSizing(config: PlatformConfig): SizingPlan {
  return buildPlan(config.sizing, config.sizing.overrides, config.storage.landingLifecycle);
}
