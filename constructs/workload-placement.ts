import type { Workload } from '../config/sizing';

/** The node label (and taint key) that says which workload a node group runs. */
export const WORKLOAD_LABEL = 'data-platform/workload';

/** A toleration as a pod spec writes it. */
export interface Toleration {
  readonly key: string;
  readonly operator: 'Equal';
  readonly value: string;
  readonly effect: 'NoSchedule';
}

/** What a pod spec (or a chart's values) sets to run on a workload's nodes. */
export interface WorkloadPlacement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

/**
 * Ingestion and orchestration nodes are tainted, so only pods that ask for them land there
 * (Airbyte syncs on ingestion; Airflow, its task pods and dbt on orchestration); add-ons run on
 * the untainted system nodes.
 */
export const TAINTED_WORKLOADS: readonly Workload[] = ['ingestion', 'orchestration'];

function placement(workload: Workload): WorkloadPlacement {
  return {
    nodeSelector: { [WORKLOAD_LABEL]: workload },
    tolerations: TAINTED_WORKLOADS.includes(workload) ? [{ key: WORKLOAD_LABEL, operator: 'Equal', value: workload, effect: 'NoSchedule' }] : [],
  };
}

/** Per workload: the nodeSelector and tolerations that put a pod on its node group. */
export const WORKLOAD_PLACEMENT: Readonly<Record<Workload, WorkloadPlacement>> = {
  system: placement('system'),
  ingestion: placement('ingestion'),
  orchestration: placement('orchestration'),
};
