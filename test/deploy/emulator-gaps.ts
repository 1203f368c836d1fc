/**
 * Where moto (the emulator `npm run test:deploy` uses) differs from AWS in ways the deploy
 * test would otherwise report as a failure. This is the only place such differences are
 * tolerated; each entry says why. Measured against moto 5.2.1 with hashicorp/aws 5.100.0
 * (see ../shared/reference/moto-fidelity.md where present).
 *
 * What is NOT here, because the product already uses a spelling that is equivalent on AWS and
 * that moto round-trips (so no tolerance is needed):
 * - KMS keys leave `rotation_period_in_days` at its default (constructs/platform-key.ts);
 * - log groups leave `log_group_class` at its default (constructs/encrypted-log-group.ts);
 * - policy principals are written `{"AWS": "*"}`, not `"*"` (constructs/policy-document.ts);
 * - the log-delivery statement's Resource is a string, not a list (constructs/access-log-bucket.ts);
 * - bucket logging waits for the target bucket's policy (constructs/secure-bucket.ts).
 * And not here because AWS does the same, so the test expects it outright (deploy.e2e.ts):
 * NAT gateways listed as `deleted`, KMS keys `PendingDeletion`, secrets scheduled for deletion.
 */
import type { Inventory, InventoryItem, ResourceKind } from './inventory';

/** An attribute moto cannot round-trip, so the re-plan right after an apply wants to change it. */
export interface DriftGap {
  /** Terraform resource type, e.g. `aws_eks_cluster`. */
  readonly resourceType: string;
  /** Top-level attributes that may differ; a change touching any other attribute still fails. */
  readonly attributes: readonly string[];
  readonly reason: string;
}

/** Something moto keeps after a successful destroy where AWS would remove it. */
export interface LeftoverGap {
  readonly kind: ResourceKind;
  readonly reason: string;
  /** True when `item` is this leftover; `after` is the inventory it was found in. */
  readonly matches: (item: InventoryItem, after: Inventory) => boolean;
}

/**
 * Empty today: network, storage and secrets re-plan with no changes on moto. EKS and RDS
 * stacks will need entries here (moto drops `accessConfig`, invents node-group
 * `remoteAccess`, ignores Performance Insights).
 */
export const DRIFT_GAPS: readonly DriftGap[] = [];

export const LEFTOVER_GAPS: readonly LeftoverGap[] = [
  {
    kind: 'vpc-endpoint',
    reason: 'moto keeps deleted VPC endpoints listed with State "deleted"',
    matches: (item) => item.state?.toLowerCase() === 'deleted',
  },
  {
    kind: 'network-interface',
    reason: "moto does not delete a NAT gateway's network interface with the gateway; it stays \"available\" in a subnet that no longer exists",
    matches: (item, after) => item.state === 'available' && !after.has('subnet', item.subnetId),
  },
  {
    kind: 'network-acl',
    reason: "moto does not delete a VPC's default network ACL with the VPC",
    matches: (item, after) => item.isDefault === true && !after.has('vpc', item.vpcId),
  },
];
