import type { PodResources } from '../config/sizing';

/** A pod's requests (or limits) as Kubernetes quantities: CPU in cores, memory in Mi or Gi. */
export interface ResourceQuantities {
  readonly cpu: string;
  readonly memory: string;
}

/** The capacity plan's figures (vCPU, GiB) as the quantities a pod spec or chart value takes. */
export function resourceQuantities(resources: PodResources): ResourceQuantities {
  if (!(resources.cpu > 0) || !(resources.memoryGib > 0)) throw new Error(`resourceQuantities: cpu and memoryGib must be positive, got ${resources.cpu} vCPU and ${resources.memoryGib} GiB`);
  const mebibytes = Math.round(resources.memoryGib * 1024);
  return {
    // Millicores keep a fraction such as 0.25 exact; whole cores stay readable.
    cpu: Number.isInteger(resources.cpu) ? String(resources.cpu) : `${Math.round(resources.cpu * 1000)}m`,
    memory: mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`,
  };
}
