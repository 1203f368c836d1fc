import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { SynthesizedStack } from './synth';

/** A Kubernetes object a stack writes, and where it comes from. */
export interface KubernetesObject {
  /** Terraform address, or `<release> values manifests[i]`. */
  readonly label: string;
  readonly object: Record<string, unknown>;
}

/** apiVersion and kind of each typed resource; `kubernetes_manifest` carries its own. */
const TYPED_RESOURCES: Readonly<Record<string, { apiVersion: string; kind: string }>> = {
  kubernetes_namespace_v1: { apiVersion: 'v1', kind: 'Namespace' },
  kubernetes_network_policy_v1: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  kubernetes_role_binding_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  kubernetes_role_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  kubernetes_service_account_v1: { apiVersion: 'v1', kind: 'ServiceAccount' },
  kubernetes_storage_class_v1: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' },
};

/** Typed-resource attributes whose Kubernetes name differs by more than case. */
const RENAMED: Readonly<Record<string, string>> = { storage_provisioner: 'provisioner', rule: 'rules', subject: 'subjects' };

/** Maps whose keys are data (label and annotation names), never converted. */
const FREE_FORM = new Set(['labels', 'annotations', 'parameters', 'match_labels', 'manifest']);

/**
 * Every Kubernetes object the stack writes, as the Kubernetes API receives it: typed resources
 * converted the way the kubernetes provider does (snake_case to camelCase, numeric port strings
 * to numbers), `kubernetes_manifest` as given. A kubernetes resource type with no conversion
 * fails, so no manifest goes unvalidated.
 */
export function kubernetesObjectsOf(stack: SynthesizedStack): KubernetesObject[] {
  return Object.entries(stack.json.resource)
    .filter(([type]) => type.startsWith('kubernetes_'))
    .flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, attributes]) => {
        const label = `${type}.${name}`;
        const { '//': _metadata, depends_on: _dependsOn, lifecycle: _lifecycle, ...body } = attributes;
        if (type === 'kubernetes_manifest') return { label, object: body.manifest };
        const typed = TYPED_RESOURCES[type];
        if (!typed) throw new Error(`${label}: no conversion to a Kubernetes object for ${type}; add it to TYPED_RESOURCES in test/support/kubernetes-objects.ts`);
        return { label, object: { ...typed, ...(toKubernetes(body) as Record<string, unknown>) } };
      }),
    );
}

function toKubernetes(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => toKubernetes(item, key));
  if (value === null || typeof value !== 'object') return key === 'port' && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (FREE_FORM.has(key)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, inner]) => [RENAMED[name] ?? name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()), toKubernetes(inner, name)]));
}

/** Schema problems of each object (Kubernetes OpenAPI, and CRD schemas for custom resources); empty when all are valid. */
export function schemaProblems(objects: readonly KubernetesObject[]): { label: string; problem: string }[] {
  const output = execFileSync(process.execPath, [join(__dirname, 'validate-kubernetes.mjs')], { input: JSON.stringify(objects), cwd: join(__dirname, '..', '..') });
  return JSON.parse(output.toString());
}
