/** The capacity model: sizes the platform from its requirements. Pure functions, no cdktf. */
export * as assumptions from './assumptions';
export type { InstanceType, PodResources, WarehouseSize } from './assumptions';
export type { AirbyteSizing } from './airbyte';
export { STAGES, type Stage } from './budget';
export type { CostEstimate, CostLine } from './cost';
export { LANDED_FAMILIES, ROUTES, SOURCE_FAMILIES, type Route, type SourceFamily } from './families';
export { formatPlan } from './report';
export { DEFAULT_SOURCE_SHARES, sizingInputsSchema, type SizingInputs, type SizingInputsInput } from './inputs';
export { landingLifecycleSchema, modelLandingLifecycle, type LandingLifecycle } from './lifecycle';
export { WORKLOADS, type NodeGroupSizing, type OrchestrationSizing, type Workload } from './node-groups';
export type { SizingOverrides } from './overrides';
export { planCapacity, type LatencyPlan, type SizingPlan, type StageTime } from './plan';
export { resolveSizing } from './resolve';
export { platformSizing, type PlatformSizing } from './slices';
export type { BatchVolume, Routing } from './volume';
export { sizeStep, type WarehouseSizing } from './warehouses';
