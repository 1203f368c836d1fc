import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmRelease } from '../providers/helm';
import { mergeHelmValues, readHelmValues } from './helm-values';

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
  /**
   * The chart's values file in helm-values/ (e.g. `external-secrets.yaml`): what does not change
   * between environments, with comments saying why. Required for a chart from a repository; a
   * chart folder of the project keeps its defaults in its own values.yaml. @default none
   */
  readonly valuesFile?: string;
  /** Typed values that complete the file: names, references and sizes from config and other stacks. Win over the file key by key. */
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
  /** Every value the release is given, file and typed values merged as Helm merges them. */
  readonly values: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: HelmChartProps) {
    super(scope, id);
    if (!/^\d+\.\d+\.\d+$/.test(props.version)) throw new Error(`HelmChart ${id}: version must be an exact chart version such as "1.2.3", got "${props.version}"`);
    if (props.repository && !props.valuesFile) throw new Error(`HelmChart ${id}: a chart from a repository needs its valuesFile in helm-values/`);
    const file = props.valuesFile ? readHelmValues(props.valuesFile) : undefined;
    this.values = mergeHelmValues(file?.values ?? {}, props.values);
    this.release = new HelmRelease(this, 'release', {
      name: props.name,
      namespace: props.namespace,
      ...(props.repository ? { repository: props.repository } : {}),
      chart: props.chart,
      version: props.version,
      // Helm merges the documents in order; JSON is YAML, and references inside it resolve at apply.
      values: [...(file ? [file.text] : []), JSON.stringify(props.values)],
      wait: true,
      atomic: true,
      cleanupOnFail: true,
      timeout: (props.timeoutMinutes ?? 10) * 60,
      ...(props.dependsOn?.length ? { dependsOn: [...props.dependsOn] } : {}),
    });
  }
}
