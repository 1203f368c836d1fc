import { INSTANCE_TYPES, NODE_RESERVED, type InstanceType, type PodResources } from './assumptions';

/** Guards against 3.0000000001 pods from floating-point division. */
const EPSILON = 1e-9;

/** What pods can request on one node of `type`. */
function allocatable(type: InstanceType): PodResources {
  const spec = INSTANCE_TYPES[type];
  return { cpu: spec.vcpu - NODE_RESERVED.cpu, memoryGib: spec.memoryGib - NODE_RESERVED.memoryGib };
}

/** How many identical pods one node holds; the scarcer of CPU and memory decides. */
export function podsPerNode(type: InstanceType, pod: PodResources): number {
  const room = allocatable(type);
  return Math.floor(Math.min(room.cpu / pod.cpu, room.memoryGib / pod.memoryGib) + EPSILON);
}

/** Nodes needed for a set of small pods whose requests add up to `total`. */
export function nodesFor(type: InstanceType, total: PodResources): number {
  const room = allocatable(type);
  return Math.ceil(Math.max(total.cpu / room.cpu, total.memoryGib / room.memoryGib) - EPSILON);
}

/** Multiplies a pod's requests, e.g. by its replica count. */
export function times(pod: PodResources, count: number): PodResources {
  return { cpu: pod.cpu * count, memoryGib: pod.memoryGib * count };
}

/** Adds requests together. */
export function plus(...pods: PodResources[]): PodResources {
  return pods.reduce((sum, pod) => ({ cpu: sum.cpu + pod.cpu, memoryGib: sum.memoryGib + pod.memoryGib }), { cpu: 0, memoryGib: 0 });
}

const TYPES = Object.keys(INSTANCE_TYPES) as InstanceType[];

/** The type that runs many `pod`s at the lowest price per pod; the earlier type in the catalog wins a tie. */
export function cheapestPerPod(pod: PodResources): InstanceType {
  return cheapest((type) => INSTANCE_TYPES[type].usdPerHour / podsPerNode(type, pod), pod);
}

/** The cheapest type one node of which holds `pods` whole. */
export function cheapestHolding(pods: PodResources): InstanceType {
  return cheapest((type) => INSTANCE_TYPES[type].usdPerHour, pods);
}

function cheapest(price: (type: InstanceType) => number, mustFit: PodResources): InstanceType {
  const candidates = TYPES.filter((type) => podsPerNode(type, mustFit) > 0);
  if (candidates.length === 0) {
    throw new Error(`No instance type in INSTANCE_TYPES (config/sizing/assumptions.ts) can hold a pod requesting ${mustFit.cpu} vCPU and ${mustFit.memoryGib} GiB; add a larger type or lower the pinned requests`);
  }
  return candidates.reduce((best, type) => (price(type) < price(best) - EPSILON ? type : best));
}
