import type { PolicyRule } from '../policy';
import { block, perResource } from './violation';

/** Every control-plane log EKS can write (constructs/eks-control-plane.ts sends them all). */
const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** Kubernetes Secrets are envelope-encrypted with a customer key. */
export const eksSecretsEncrypted = perResource({ id: 'eks-secrets-encrypted', checkovId: 'CKV_AWS_58' }, 'aws_eks_cluster', (cluster) => {
  const config = block(cluster.attributes.encryption_config);
  return config && JSON.stringify(config.resources ?? []).includes('"secrets"') && block(config.provider)?.key_arn
    ? undefined
    : 'Secrets are not envelope-encrypted with a KMS key; use EksControlPlane';
});

/** The API server is not open to the internet: public access off, or only from listed ranges. */
export const eksEndpointNotPublic = perResource({ id: 'eks-endpoint-not-public', checkovId: 'CKV_AWS_38' }, 'aws_eks_cluster', (cluster) => {
  const vpc = block(cluster.attributes.vpc_config) ?? {};
  if (vpc.endpoint_public_access === false) return undefined;
  const cidrs = (vpc.public_access_cidrs ?? []) as string[];
  return cidrs.length > 0 && !cidrs.some((cidr) => ['0.0.0.0/0', '::/0'].includes(cidr))
    ? undefined
    : 'the public API endpoint admits the whole internet; switch it off or list adminCidrs';
});

/** Every control-plane log type reaches CloudWatch, so API calls and authentications can be audited. */
export const eksControlPlaneLogged = perResource({ id: 'eks-control-plane-logs', checkovId: 'CKV_AWS_37' }, 'aws_eks_cluster', (cluster) => {
  const enabled = (cluster.attributes.enabled_cluster_log_types ?? []) as string[];
  const missing = LOG_TYPES.filter((type) => !enabled.includes(type));
  return missing.length === 0 ? undefined : `control-plane logs ${missing.join(', ')} are off; enable every type`;
});

/** Nodes answer only IMDSv2, one hop away: a pod cannot take the node's credentials. */
export const launchTemplateImdsv2 = perResource({ id: 'launch-template-imdsv2', checkovId: 'CKV_AWS_79' }, 'aws_launch_template', (template) => {
  const metadata = block(template.attributes.metadata_options) ?? {};
  if (metadata.http_tokens !== 'required') return 'instance metadata accepts IMDSv1; set http_tokens = "required"';
  return metadata.http_put_response_hop_limit === 1 ? undefined : 'instance metadata hop limit is not 1, so pods can reach the node credentials; waive with the workload that needs 2';
});

/** Every volume a template launches is encrypted. */
export const launchTemplateVolumesEncrypted = perResource({ id: 'launch-template-ebs-encrypted', checkovId: 'CKV_AWS_8' }, 'aws_launch_template', (template) => {
  const mappings = (template.attributes.block_device_mappings ?? []) as Record<string, unknown>[];
  return mappings.length > 0 && mappings.every((mapping) => String(block(mapping.ebs)?.encrypted) === 'true')
    ? undefined
    : 'a block device is not encrypted (or none is declared, leaving the image default); declare every volume with encrypted = true';
});

export const eksRules: readonly PolicyRule[] = [eksSecretsEncrypted, eksEndpointNotPublic, eksControlPlaneLogged, launchTemplateImdsv2, launchTemplateVolumesEncrypted];
