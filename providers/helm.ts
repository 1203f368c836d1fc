/** The hashicorp/helm family (provider 3.x): its classes by deep path, and the provider configured for the platform's EKS cluster. */
import { Fn, type TerraformStack } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { eksTokenExec, type ClusterConnection } from './kubernetes';

export { HelmProvider } from '@cdktf/provider-helm/lib/provider';
export { Release as HelmRelease } from '@cdktf/provider-helm/lib/release';

export function configureHelm(stack: TerraformStack, cluster: ClusterConnection): HelmProvider {
  return new HelmProvider(stack, 'helm', {
    kubernetes: {
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthorityData),
      exec: eksTokenExec(cluster),
    },
  });
}
