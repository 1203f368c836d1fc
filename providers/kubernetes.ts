/**
 * The hashicorp/kubernetes family: its classes by deep path, and the provider configured
 * for the platform's EKS cluster.
 */
import { Fn, type TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';

export { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
export { DataKubernetesServiceV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-service-v1';
export { Manifest as KubernetesManifest } from '@cdktf/provider-kubernetes/lib/manifest';
export { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
export { NetworkPolicyV1, type NetworkPolicyV1Spec } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
export { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
export { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
export { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
export { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';

/** What a Kubernetes client needs to reach the cluster; the `eks` stack's outputs. */
export interface ClusterConnection {
  readonly clusterName: string;
  /** API server URL, `https://...eks.amazonaws.com`. */
  readonly endpoint: string;
  /** The cluster CA, base64-encoded PEM as EKS reports it. */
  readonly certificateAuthorityData: string;
  readonly region: string;
}

/**
 * Short-lived tokens from `aws eks get-token` for the identity running the deploy (it needs
 * an EKS access entry), fetched at every plan and apply: no kubeconfig file, no token in state.
 */
export function eksTokenExec(cluster: ClusterConnection) {
  return {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: 'aws',
    args: ['eks', 'get-token', '--cluster-name', cluster.clusterName, '--region', cluster.region, '--output', 'json'],
  };
}

export function configureKubernetes(stack: TerraformStack, cluster: ClusterConnection): KubernetesProvider {
  return new KubernetesProvider(stack, 'kubernetes', {
    host: cluster.endpoint,
    clusterCaCertificate: Fn.base64decode(cluster.certificateAuthorityData),
    exec: [eksTokenExec(cluster)],
  });
}
