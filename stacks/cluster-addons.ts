import { AssetType, Fn, TerraformAsset, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { HelmChart } from '../constructs/helm-chart';
import { IrsaRole } from '../constructs/irsa-role';
import { loadBalancerControllerStatements } from '../constructs/load-balancer-controller-policy';
import { ANYWHERE_BUT_METADATA, PlatformNamespace, type NamespaceTraffic } from '../constructs/platform-namespace';
import type { PolicyStatement } from '../constructs/policy-document';
import { WORKLOAD_PLACEMENT } from '../constructs/workload-placement';
import { waivePolicy } from '../aspects/waivers';
import { iamNoWildcardResource } from '../aspects/rules/iam';
import { configureHelm } from '../providers/helm';
import { configureKubernetes, StorageClassV1, type ClusterConnection } from '../providers/kubernetes';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import type { StackDefinition } from './stack-definition';

/** The ClusterSecretStore every ExternalSecret of the platform names (`spec.secretStoreRef: { kind: ClusterSecretStore, name }`). */
export const CLUSTER_SECRET_STORE = 'aws-secrets-manager';

/** The cluster's default StorageClass: gp3, encrypted. A PVC that names no class gets it. */
export const DEFAULT_STORAGE_CLASS = 'gp3-encrypted';

/**
 * The platform's namespaces: the stacks that run there create them with `PlatformNamespace` and
 * the traffic below (airbyte: the airbyte stack; airflow and dbt: the airflow stack, whose tasks
 * start the dbt pods). Only these namespaces may read secrets through the ClusterSecretStore.
 */
export const PLATFORM_NAMESPACES = { airbyte: 'airbyte', airflow: 'airflow', dbt: 'dbt' } as const;
export type PlatformNamespaceId = keyof typeof PLATFORM_NAMESPACES;

/** Where the add-ons run. */
const ADDON_NAMESPACES = { externalSecrets: 'external-secrets', kubeSystem: 'kube-system' } as const;

/** Chart repositories; versions are pinned in config (`clusterAddons.charts`). */
const CHART_REPOSITORIES = {
  awsLoadBalancerController: 'https://aws.github.io/eks-charts',
  externalSecrets: 'https://charts.external-secrets.io',
  clusterAutoscaler: 'https://kubernetes.github.io/autoscaler',
} as const;

/** The API server calls admission webhooks from its network interfaces in the VPC. */
const EXTERNAL_SECRETS_WEBHOOK_PORT = 10250;

/**
 * What each platform namespace exchanges beyond itself and DNS; everything else is denied.
 * HTTPS anywhere covers the Kubernetes API, AWS APIs (through the VPC endpoints), Snowflake and
 * partner APIs; PostgreSQL stays inside the VPC (RDS).
 */
export function platformNamespaceTraffic(vpcCidr: string): Readonly<Record<PlatformNamespaceId, NamespaceTraffic>> {
  const https = { name: 'https-out', peer: ANYWHERE_BUT_METADATA, ports: [{ port: 443 }] };
  const postgres = { name: 'postgres-in-vpc', peer: { cidr: vpcCidr }, ports: [{ port: 5432 }] };
  return {
    airbyte: {
      // The server's API: Airflow triggers syncs; operators and the Terraform provider come through the internal load balancer.
      ingress: [
        { name: 'api-from-airflow', peer: { namespace: PLATFORM_NAMESPACES.airflow }, ports: [{ port: 8001 }] },
        { name: 'api-from-vpc', peer: { cidr: vpcCidr }, ports: [{ port: 8001 }] },
      ],
      egress: [https, postgres],
    },
    airflow: {
      ingress: [{ name: 'api-server-from-vpc', peer: { cidr: vpcCidr }, ports: [{ port: 8080 }] }],
      egress: [https, postgres, { name: 'airbyte-api', peer: { namespace: PLATFORM_NAMESPACES.airbyte }, ports: [{ port: 8001 }] }],
    },
    // dbt talks to Snowflake only.
    dbt: { ingress: [], egress: [https] },
  };
}

export interface ClusterAddonsStackProps extends PlatformStackProps {
  /** The eks stack's cluster, for the Helm and Kubernetes providers (exec auth, no kubeconfig). */
  readonly cluster: ClusterConnection;
  readonly oidcProviderArn: string;
  /** Without `https://`. */
  readonly oidcIssuer: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Reading the secrets External Secrets syncs (`SecretsStack.grantReadWorkloadCredentials()`). */
  readonly secretReadStatements: readonly PolicyStatement[];
}

/**
 * What every workload of the cluster relies on: load balancers, secrets synced from Secrets
 * Manager (so no secret value passes through Terraform state), node autoscaling between the
 * capacity plan's bounds, an encrypted default StorageClass, and the traffic rules of the
 * platform's namespaces.
 */
export class ClusterAddonsStack extends PlatformStack {
  /** The ExternalSecret store's name; depend on this stack before creating ExternalSecrets. */
  readonly secretStoreName = CLUSTER_SECRET_STORE;
  readonly storageClassName = DEFAULT_STORAGE_CLASS;
  /** Traffic of each platform namespace, for the stacks that create them. */
  readonly namespaceTraffic: Readonly<Record<PlatformNamespaceId, NamespaceTraffic>>;

  constructor(scope: Construct, definition: StackDefinition, props: ClusterAddonsStackProps) {
    super(scope, definition, props);
    const { config, cluster } = props;
    const { clusterAddons } = config;
    configureHelm(this, cluster);
    configureKubernetes(this, cluster);
    this.namespaceTraffic = platformNamespaceTraffic(props.vpcCidr);
    const system = WORKLOAD_PLACEMENT.system.nodeSelector;
    const irsa = (id: string, purpose: 'lb-controller' | 'ext-secrets' | 'autoscaler', namespace: string, serviceAccount: string, statements: readonly PolicyStatement[]) =>
      new IrsaRole(this, id, {
        oidcProviderArn: props.oidcProviderArn,
        oidcIssuer: props.oidcIssuer,
        namespace,
        serviceAccount,
        statements,
        namePrefix: this.names.rolePrefix(purpose),
        description: `Service account ${namespace}/${serviceAccount} of EKS cluster ${this.baseName}`,
      });
    const roleAnnotation = (role: IrsaRole) => ({ 'eks.amazonaws.com/role-arn': role.roleArn });
    const partition = Fn.element(Fn.split(':', props.oidcProviderArn), 1);

    // AWS Load Balancer Controller: Services of type LoadBalancer become NLBs, Ingresses ALBs.
    const loadBalancerRole = irsa('lb-controller-role', 'lb-controller', ADDON_NAMESPACES.kubeSystem, 'aws-load-balancer-controller', loadBalancerControllerStatements(partition));
    waivePolicy(
      loadBalancerRole.policy!,
      iamNoWildcardResource,
      "The controller's published policy (v3.5.0): EC2, ELB, ACM, WAF and Shield Describe/Get calls support no resource-level permissions, and creating load balancers, target groups and security groups is bounded by the elbv2.k8s.aws/cluster request tag instead of an ARN. Only the controller's service account can assume the role.",
    );
    const loadBalancerController = new HelmChart(this, 'aws-load-balancer-controller', {
      name: 'aws-load-balancer-controller',
      namespace: ADDON_NAMESPACES.kubeSystem,
      repository: CHART_REPOSITORIES.awsLoadBalancerController,
      chart: 'aws-load-balancer-controller',
      version: clusterAddons.charts.awsLoadBalancerController,
      valuesFile: 'aws-load-balancer-controller.yaml',
      values: {
        clusterName: cluster.clusterName,
        region: cluster.region,
        vpcId: props.vpcId,
        serviceAccount: { annotations: roleAnnotation(loadBalancerRole) },
        nodeSelector: system,
      },
    });

    // External Secrets Operator: Kubernetes Secrets synced from Secrets Manager.
    const externalSecretsNamespace = new PlatformNamespace(this, 'external-secrets-namespace', {
      name: ADDON_NAMESPACES.externalSecrets,
      traffic: {
        ingress: [{ name: 'webhook-from-api-server', peer: { cidr: props.vpcCidr }, ports: [{ port: EXTERNAL_SECRETS_WEBHOOK_PORT }] }],
        egress: [{ name: 'https-out', peer: ANYWHERE_BUT_METADATA, ports: [{ port: 443 }] }],
      },
    });
    const externalSecretsRole = irsa('external-secrets-role', 'ext-secrets', ADDON_NAMESPACES.externalSecrets, 'external-secrets', props.secretReadStatements);
    const externalSecrets = new HelmChart(this, 'external-secrets', {
      name: 'external-secrets',
      namespace: externalSecretsNamespace.name,
      repository: CHART_REPOSITORIES.externalSecrets,
      chart: 'external-secrets',
      version: clusterAddons.charts.externalSecrets,
      valuesFile: 'external-secrets.yaml',
      // The controller's webhook refuses every Service until its pods are ready; the charts after it create Services.
      dependsOn: [loadBalancerController.release],
      values: {
        serviceAccount: { annotations: roleAnnotation(externalSecretsRole) },
        nodeSelector: system,
        webhook: { port: EXTERNAL_SECRETS_WEBHOOK_PORT, nodeSelector: system },
        certController: { nodeSelector: system },
      },
    });

    // The store, in a release of its own that waits for the operator: a kubernetes_manifest would
    // need the ClusterSecretStore CRD at plan time, which a fresh cluster does not have yet.
    const manifestsChart = new TerraformAsset(this, 'cluster-manifests-chart', { path: join(__dirname, '..', 'constructs', 'charts', 'cluster-manifests'), type: AssetType.DIRECTORY });
    new HelmChart(this, 'cluster-secret-store', {
      name: 'cluster-secret-store',
      namespace: externalSecretsNamespace.name,
      chart: manifestsChart.path,
      version: '1.0.0',
      values: { manifests: [clusterSecretStore(cluster.region)] },
      dependsOn: [externalSecrets.release],
    });

    // Cluster autoscaler: node groups move between the capacity plan's min and max.
    const autoscalerRole = irsa('cluster-autoscaler-role', 'autoscaler', ADDON_NAMESPACES.kubeSystem, 'cluster-autoscaler', autoscalerStatements(partition, cluster.clusterName));
    waivePolicy(
      autoscalerRole.policy!,
      iamNoWildcardResource,
      'Auto Scaling and EC2 Describe calls support no resource-level permissions; the calls that change capacity are limited to groups tagged k8s.io/cluster-autoscaler/<cluster> = owned (EKS tags its managed node groups so), and node-group reads to this cluster.',
    );
    new HelmChart(this, 'cluster-autoscaler', {
      name: 'cluster-autoscaler',
      namespace: ADDON_NAMESPACES.kubeSystem,
      repository: CHART_REPOSITORIES.clusterAutoscaler,
      chart: 'cluster-autoscaler',
      version: clusterAddons.charts.clusterAutoscaler,
      valuesFile: 'cluster-autoscaler.yaml',
      dependsOn: [loadBalancerController.release],
      values: {
        awsRegion: cluster.region,
        autoDiscovery: { clusterName: cluster.clusterName },
        image: { tag: clusterAddons.clusterAutoscalerImageTag },
        rbac: { serviceAccount: { annotations: roleAnnotation(autoscalerRole) } },
        extraArgs: { 'scale-down-unneeded-time': `${clusterAddons.scaleDownUnneededMinutes}m` },
        nodeSelector: system,
      },
    });

    new StorageClassV1(this, 'default-storage-class', {
      metadata: { name: DEFAULT_STORAGE_CLASS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      storageProvisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' },
      reclaimPolicy: 'Delete',
      // Bound where the pod is scheduled, so the volume lands in the pod's AZ.
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });

    new TerraformOutput(this, 'cluster_secret_store_name', { value: CLUSTER_SECRET_STORE, description: 'ClusterSecretStore that ExternalSecrets of the platform namespaces name' });
    new TerraformOutput(this, 'default_storage_class_name', { value: DEFAULT_STORAGE_CLASS, description: 'Default StorageClass: gp3, encrypted' });
    new TerraformOutput(this, 'external_secrets_role_arn', { value: externalSecretsRole.roleArn, description: 'IAM role of the External Secrets Operator' });
  }
}

/** The Secrets Manager store, usable only from the platform namespaces; the operator's IRSA role authenticates it. */
export function clusterSecretStore(region: string) {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: CLUSTER_SECRET_STORE },
    spec: {
      provider: { aws: { service: 'SecretsManager', region } },
      conditions: [{ namespaces: Object.values(PLATFORM_NAMESPACES) }],
    },
  };
}

/** The cluster autoscaler's permissions on AWS, as its documentation lists them for EKS managed node groups. */
function autoscalerStatements(partition: string, clusterName: string): PolicyStatement[] {
  return [
    {
      sid: 'ReadScalingGroupsAndInstanceTypes',
      effect: 'Allow',
      actions: [
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeAutoScalingInstances',
        'autoscaling:DescribeLaunchConfigurations',
        'autoscaling:DescribeScalingActivities',
        'autoscaling:DescribeTags',
        'ec2:DescribeImages',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:GetInstanceTypesFromInstanceRequirements',
      ],
      resources: ['*'],
    },
    {
      sid: 'ReadThisClustersNodeGroups',
      effect: 'Allow',
      actions: ['eks:DescribeNodegroup'],
      resources: [`arn:${partition}:eks:*:*:nodegroup/${clusterName}/*/*`],
    },
    {
      sid: 'ScaleThisClustersGroups',
      effect: 'Allow',
      actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      resources: ['*'],
      conditions: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' } },
    },
  ];
}
