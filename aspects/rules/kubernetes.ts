import type { PolicyRule, SynthesizedResource } from '../policy';
import { block, violation } from './violation';

const ROLE_TYPES = ['kubernetes_role_v1', 'kubernetes_cluster_role_v1'];
const BINDING_TYPES = ['kubernetes_role_binding_v1', 'kubernetes_cluster_role_binding_v1'];

/** The roles Kubernetes ships that hand out (nearly) everything. */
const BROAD_CLUSTER_ROLES = ['cluster-admin', 'admin', 'edit'];

function ofTypes(resources: Parameters<PolicyRule['check']>[0], types: readonly string[]): SynthesizedResource[] {
  return types.flatMap((type) => resources.ofType(type));
}

/** A Role or ClusterRole names what it allows: no `*` among its API groups, resources or verbs. */
export const kubernetesRoleNamesWhatItAllows: PolicyRule = {
  id: 'kubernetes-role-no-wildcard',
  check: (resources) =>
    ofTypes(resources, ROLE_TYPES).flatMap((role) => {
      const rules = (role.attributes.rule ?? []) as Record<string, unknown>[];
      const wild = rules.flatMap((rule) => (['api_groups', 'resources', 'verbs'] as const).filter((field) => ((rule[field] ?? []) as string[]).includes('*')));
      return wild.length > 0
        ? [violation(kubernetesRoleNamesWhatItAllows, role, `a rule allows "*" in ${[...new Set(wild)].join(', ')}; list the API groups, resources and verbs the workload needs`)]
        : [];
    }),
};

/** No binding hands out Kubernetes' built-in cluster-admin, admin or edit roles; workloads get a role written for them. */
export const kubernetesNoBroadBinding: PolicyRule = {
  id: 'kubernetes-no-broad-binding',
  check: (resources) =>
    ofTypes(resources, BINDING_TYPES).flatMap((binding) => {
      const roleRef = block(binding.attributes.role_ref);
      const name = String(roleRef?.name ?? '');
      return roleRef?.kind === 'ClusterRole' && BROAD_CLUSTER_ROLES.includes(name)
        ? [violation(kubernetesNoBroadBinding, binding, `binds the built-in "${name}" ClusterRole; bind a Role that lists only what the subjects need`)]
        : [];
    }),
};

export const kubernetesRules: readonly PolicyRule[] = [kubernetesRoleNamesWhatItAllows, kubernetesNoBroadBinding];
