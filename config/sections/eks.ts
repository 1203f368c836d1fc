import { z } from 'zod';
import { logRetentionDaysField } from '../fields';

/**
 * An IAM role name as IAM shows it (no path, no ARN): the stack builds the ARN in the
 * cluster's own account, so config holds no account id.
 */
const roleNameField = z.string().regex(/^[\w+=,.@-]{1,64}$/, {
  message:
    'must be an IAM role name (1-64 letters, digits and + = , . @ _ -), without "arn:" or a path; for an IAM Identity Center permission set give the AWSReservedSSO_… role name',
});

/** `v1.2.3-eksbuild.4`, as `aws eks describe-addon-versions` lists them. */
const addonVersionField = z.string().regex(/^v\d+\.\d+\.\d+(-[a-z]+)*-eksbuild\.\d+$/, {
  message: 'must be an EKS add-on version such as "v1.20.4-eksbuild.1" (aws eks describe-addon-versions --addon-name <name> --kubernetes-version <version>)',
});

/**
 * The `eks` stack: Kubernetes version, who administers the cluster, control-plane logs,
 * node volumes and the managed add-ons. Node groups come from the capacity plan
 * (`sizing`), not from here.
 */
export const eksSchema = z
  .strictObject({
    /**
     * Kubernetes minor version. 1.35 is in EKS standard support until 2027-03; move to the next
     * minor before then (extended support bills 6x the control-plane hour).
     */
    kubernetesVersion: z
      .string()
      .regex(/^1\.\d{2}$/, { message: 'must be a Kubernetes minor version such as "1.35"' })
      .default('1.35'),
    /**
     * Roles that get cluster-admin through an EKS access entry (people and break-glass roles).
     * @default []
     */
    adminRoles: z.array(roleNameField).default([]),
    /**
     * The role that runs `cdktf deploy`: the Helm and Kubernetes stacks talk to the cluster as
     * it, so it gets cluster-admin through its own access entry. @default none (refused)
     */
    deployRole: roleNameField.optional(),
    /** Days the control-plane log group keeps events. */
    logRetentionDays: logRetentionDaysField.default(90),
    /** Size of every node's encrypted gp3 root volume (images and emptyDir live there). */
    nodeVolumeGib: z.number().int().min(20, { message: 'must be at least 20 GiB: the AL2023 EKS image alone takes most of that' }).max(1000).default(100),
    /** Managed add-on versions, each for `kubernetesVersion`. */
    addons: z
      .strictObject({
        vpcCni: addonVersionField.default('v1.20.4-eksbuild.2'),
        coredns: addonVersionField.default('v1.13.1-eksbuild.1'),
        kubeProxy: addonVersionField.default('v1.35.0-eksbuild.2'),
        ebsCsiDriver: addonVersionField.default('v1.53.0-eksbuild.1'),
      })
      .prefault({}),
  })
  .prefault({});

export type EksConfig = z.output<typeof eksSchema>;

/** Every admin the cluster will have: a config whose cluster nobody could administer is refused. */
export function checkClusterAdministrators(eks: EksConfig, ctx: z.RefinementCtx): void {
  if (!eks.deployRole) {
    ctx.addIssue({
      code: 'custom',
      path: ['eks', 'deployRole'],
      message:
        'names no role: the identity that runs `cdktf deploy` needs an EKS access entry to install the cluster add-ons (Helm), and without one the cluster has no administrator; set it to the role name you deploy with (aws sts get-caller-identity shows it)',
    });
  }
  const duplicates = eks.adminRoles.filter((role, index) => eks.adminRoles.indexOf(role) !== index);
  if (duplicates.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['eks', 'adminRoles'], message: `lists ${[...new Set(duplicates)].join(', ')} more than once; an access entry exists once per role` });
  }
}
