import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmRelease } from '../providers/helm';

export interface HelmChartProps {
  /** Release name. */
  readonly name: string;
  /** Namespace the release installs into; it must exist unless `createNamespace` is true. */
  readonly namespace: string;
  /** Chart repository URL; leave out for a chart folder (`chart` is then its path). @default none */
  readonly repository?: string;
  readonly chart: string;
  /** Exact chart version, pinned in config. */
  readonly version: string;
  /** Values as an object: keys the chart documents, values that may hold references. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Releases or resources that must be in place first. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Minutes to wait for the release's workloads to become ready. @default 10 */
  readonly timeoutMinutes?: number;
}

/**
 * A Helm release of one pinned chart version that waits until its workloads are ready and rolls
 * back a failed install or upgrade, so a later release or stack never starts against a half-installed one.
 */
export class HelmChart extends Construct {
  readonly release: HelmRelease;

  constructor(scope: Construct, id: string, props: HelmChartProps) {
    super(scope, id);
    if (!/^\d+\.\d+\.\d+$/.test(props.version)) throw new Error(`HelmChart ${id}: version must be an exact chart version such as "1.2.3", got "${props.version}"`);
    this.release = new HelmRelease(this, 'release', {
      name: props.name,
      namespace: props.namespace,
      ...(props.repository ? { repository: props.repository } : {}),
      chart: props.chart,
      version: props.version,
      // JSON is YAML; references inside string values resolve at apply.
      values: [JSON.stringify(props.values)],
      wait: true,
      atomic: true,
      cleanupOnFail: true,
      timeout: (props.timeoutMinutes ?? 10) * 60,
      ...(props.dependsOn?.length ? { dependsOn: [...props.dependsOn] } : {}),
    });
  }
}
