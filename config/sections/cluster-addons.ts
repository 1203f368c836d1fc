import { z } from 'zod';

/** A Helm chart version exactly as its repository's index lists it; ranges would let a deploy pick up an untested chart. */
const chartVersionField = z.string().regex(/^\d+\.\d+\.\d+$/, { message: 'must be an exact chart version such as "1.2.3" (no range, no leading "v")' });

/**
 * The `cluster-addons` stack: the Helm charts it installs, pinned, and how the cluster
 * autoscaler gives nodes back.
 */
export const clusterAddonsSchema = z
  .strictObject({
    charts: z
      .strictObject({
        /** eks/aws-load-balancer-controller (https://aws.github.io/eks-charts), controller v3.5.0. */
        awsLoadBalancerController: chartVersionField.default('3.5.0'),
        /** external-secrets/external-secrets (https://charts.external-secrets.io), operator v2.9.0. */
        externalSecrets: chartVersionField.default('2.9.0'),
        /** autoscaler/cluster-autoscaler (https://kubernetes.github.io/autoscaler). */
        clusterAutoscaler: chartVersionField.default('9.59.0'),
      })
      .prefault({}),
    /**
     * cluster-autoscaler image; its minor version must equal the cluster's Kubernetes minor
     * (the autoscaler's compatibility rule), which the config checks.
     */
    clusterAutoscalerImageTag: z
      .string()
      .regex(/^v1\.\d{2}\.\d+$/, { message: 'must be a cluster-autoscaler release tag such as "v1.35.0"' })
      .default('v1.35.0'),
    /** Minutes a node must be unneeded before the autoscaler removes it. */
    scaleDownUnneededMinutes: z.number().int().min(1).max(60).default(10),
  })
  .prefault({});

export type ClusterAddonsConfig = z.output<typeof clusterAddonsSchema>;

/** The autoscaler must match the cluster's Kubernetes minor version. */
export function checkAutoscalerMatchesCluster(addons: ClusterAddonsConfig, kubernetesVersion: string, ctx: z.RefinementCtx): void {
  const minor = /^v(1\.\d{2})\./.exec(addons.clusterAutoscalerImageTag)?.[1];
  if (minor && minor !== kubernetesVersion) {
    ctx.addIssue({
      code: 'custom',
      path: ['clusterAddons', 'clusterAutoscalerImageTag'],
      message: `"${addons.clusterAutoscalerImageTag}" is for Kubernetes ${minor} but eks.kubernetesVersion is "${kubernetesVersion}"; use a v${kubernetesVersion}.x release of cluster-autoscaler`,
    });
  }
}
