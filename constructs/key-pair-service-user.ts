import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { GrantAccountRole, NetworkPolicy, ServiceUser } from '../providers/snowflake';

export interface KeyPairServiceUserProps {
  /** User name, an unquoted identifier, e.g. `AIRBYTE`. */
  readonly name: string;
  /** Who connects as it; shown in Snowsight. */
  readonly comment: string;
  /** Its only role, granted to it and active at login. */
  readonly roleName: string;
  /** Warehouse active at login. */
  readonly defaultWarehouse: string;
  /** Database or `database.schema` active at login. @default none */
  readonly defaultNamespace?: string;
  /** RSA public key body (one line, no PEM armour). @default none: the user exists, but nobody can log in as it yet */
  readonly rsaPublicKey?: string;
  /** The second key slot, for rotation. @default none */
  readonly rsaPublicKey2?: string;
  /** IPv4 CIDRs the user may connect from; every other address is refused. */
  readonly allowedCidrs: readonly string[];
  /** A provider configuration whose role may create users and network policies and grant roles. */
  readonly provider: TerraformProvider;
}

/**
 * A user for a program, not a person: `TYPE = SERVICE`, which has no password, MFA or
 * Snowsight login at all, so it authenticates by key pair only; one role, no secondary
 * roles; reachable only from the addresses its network policy admits.
 */
export class KeyPairServiceUser extends Construct {
  readonly userName: string;
  /** False until a public key is registered: the user then cannot log in. */
  readonly hasKey: boolean;

  constructor(scope: Construct, id: string, props: KeyPairServiceUserProps) {
    super(scope, id);
    // A network policy with an empty allow-list admits every address.
    if (props.allowedCidrs.length === 0) throw new Error(`KeyPairServiceUser ${id}: allowedCidrs must list at least one range; an empty network policy admits every address`);
    this.hasKey = props.rsaPublicKey !== undefined || props.rsaPublicKey2 !== undefined;

    const policy = new NetworkPolicy(this, 'network-policy', {
      provider: props.provider,
      name: `${props.name}_NETWORK_POLICY`,
      allowedIpList: [...props.allowedCidrs],
      comment: `Addresses ${props.name} may connect from.`,
    });
    const user = new ServiceUser(this, 'user', {
      provider: props.provider,
      name: props.name,
      comment: props.comment,
      defaultRole: props.roleName,
      defaultSecondaryRolesOption: 'NONE',
      defaultWarehouse: props.defaultWarehouse,
      ...(props.defaultNamespace ? { defaultNamespace: props.defaultNamespace } : {}),
      ...(props.rsaPublicKey ? { rsaPublicKey: props.rsaPublicKey } : {}),
      ...(props.rsaPublicKey2 ? { rsaPublicKey2: props.rsaPublicKey2 } : {}),
      networkPolicy: policy.name,
    });
    this.userName = user.name;
    new GrantAccountRole(this, 'role', { provider: props.provider, roleName: props.roleName, userName: user.name });
  }
}
