/**
 * A synthesized Snowflake stack read as Snowflake sees it: objects by name, who creates them,
 * grants of privileges and roles. References between resources (`${snowflake_schema.x.name}`)
 * are resolved to the names they will have, so the result reads like SHOW GRANTS.
 */

/** The parts of a stack's Terraform JSON this module reads. */
export interface SnowflakeStackJson {
  readonly provider?: Record<string, readonly Record<string, unknown>[]>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { readonly value: unknown }>;
}

/** A privilege grant to a role, its target resolved to names. */
export interface PrivilegeGrant {
  readonly role: string;
  readonly privileges: readonly string[];
  readonly on:
    | { readonly kind: 'account-object'; readonly objectType: string; readonly name: string }
    | { readonly kind: 'schema'; readonly schema: string }
    | { readonly kind: 'schema-objects'; readonly scope: 'future' | 'all'; readonly objectType: string; readonly schema: string };
}

const REFERENCE = /\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z_]+)\}/g;

/** Schema-level object types: their qualified name is database.schema.name. */
const SCHEMA_OBJECTS = ['snowflake_table', 'snowflake_stage', 'snowflake_pipe', 'snowflake_file_format', 'snowflake_view', 'snowflake_network_rule'];

export class SnowflakeObjects {
  private readonly resources: Record<string, Record<string, Record<string, unknown>>>;
  /** Role of each provider configuration: `snowflake` (default) or `snowflake.<alias>`. */
  private readonly providerRoles = new Map<string, string>();

  constructor(private readonly json: SnowflakeStackJson) {
    this.resources = json.resource ?? {};
    for (const config of json.provider?.snowflake ?? []) {
      this.providerRoles.set(config.alias ? `snowflake.${String(config.alias)}` : 'snowflake', this.text(config.role));
    }
    if (!this.providerRoles.has('snowflake')) throw new Error('the stack configures no default snowflake provider; is this the synthesized snowflake stack?');
  }

  /** The role the stack's default provider logs in with: it creates, and so owns, what it manages. */
  get defaultRole(): string {
    return this.providerRoles.get('snowflake')!;
  }

  /** `value` with every reference replaced by the name it resolves to, quotes dropped. */
  text(value: unknown): string {
    return String(value ?? '')
      .replace(REFERENCE, (whole, type: string, name: string, attribute: string) => {
        const target = this.resources[type]?.[name];
        if (!target) return whole;
        if (attribute === 'name') return this.text(target.name);
        if (attribute === 'fully_qualified_name') return this.qualifiedName(type, target);
        return whole;
      })
      .replace(/"/g, '');
  }

  /** The resolved values of a stack output (objects and lists kept as they are). */
  outputValue(name: string): unknown {
    const output = this.json.output?.[name];
    if (!output) throw new Error(`the stack declares no output "${name}"`);
    const resolve = (value: unknown): unknown =>
      typeof value === 'string'
        ? this.text(value)
        : Array.isArray(value)
        ? value.map(resolve)
        : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]))
        : value;
    return resolve(output.value);
  }

  /** Every resource of `type`, as synthesized. */
  all(type: string): Record<string, unknown>[] {
    return Object.values(this.resources[type] ?? {});
  }

  /** Names of the objects of `type`, qualified as grants name them (`DB.SCHEMA` for schemas). */
  names(type: string): string[] {
    return this.all(type).map((resource) => this.qualifiedName(type, resource));
  }

  /** Owner of each object of `type` by qualified name: the role that creates it, unless ownership is granted away. */
  owners(type: string, objectType: string): Map<string, string> {
    const owners = new Map(this.all(type).map((resource) => [this.qualifiedName(type, resource), this.creator(resource)]));
    for (const transfer of this.all('snowflake_grant_ownership')) {
      const on = transfer.on as { object_type?: string; object_name?: string } | undefined;
      if (on?.object_type === objectType && on.object_name) owners.set(this.text(on.object_name), this.text(transfer.account_role_name));
    }
    return owners;
  }

  /** Roles granted to roles, as child (granted) and parent (receiving). */
  roleGrants(): { readonly role: string; readonly parent: string }[] {
    return this.all('snowflake_grant_account_role')
      .filter((grant) => grant.parent_role_name !== undefined)
      .map((grant) => ({ role: this.text(grant.role_name), parent: this.text(grant.parent_role_name) }));
  }

  /** Roles granted to users. */
  userGrants(): { readonly role: string; readonly user: string }[] {
    return this.all('snowflake_grant_account_role')
      .filter((grant) => grant.user_name !== undefined)
      .map((grant) => ({ role: this.text(grant.role_name), user: this.text(grant.user_name) }));
  }

  privilegeGrants(): PrivilegeGrant[] {
    return this.all('snowflake_grant_privileges_to_account_role').map((grant) => ({
      role: this.text(grant.account_role_name),
      privileges: (grant.privileges as string[] | undefined) ?? (grant.all_privileges ? ['ALL'] : []),
      on: this.grantTarget(grant),
    }));
  }

  private grantTarget(grant: Record<string, unknown>): PrivilegeGrant['on'] {
    const accountObject = grant.on_account_object as { object_type: string; object_name: string } | undefined;
    if (accountObject) return { kind: 'account-object', objectType: accountObject.object_type, name: this.text(accountObject.object_name) };
    const schema = grant.on_schema as { schema_name?: string } | undefined;
    if (schema?.schema_name) return { kind: 'schema', schema: this.text(schema.schema_name) };
    const objects = grant.on_schema_object as { future?: Record<string, string>; all?: Record<string, string> } | undefined;
    const scope = objects?.future ? 'future' : objects?.all ? 'all' : undefined;
    const target = scope ? objects![scope]! : undefined;
    if (scope && target?.in_schema) return { kind: 'schema-objects', scope, objectType: target.object_type_plural, schema: this.text(target.in_schema) };
    throw new Error(`a grant to ${this.text(grant.account_role_name)} has a target this reader does not know: ${JSON.stringify(grant)}; extend scripts/lib/snowflake-objects.ts`);
  }

  private creator(resource: Record<string, unknown>): string {
    const provider = String(resource.provider ?? 'snowflake');
    const role = this.providerRoles.get(provider);
    if (!role) throw new Error(`a resource uses provider ${provider}, which the stack does not configure`);
    return role;
  }

  private qualifiedName(type: string, resource: Record<string, unknown>): string {
    const name = this.text(resource.name);
    if (type === 'snowflake_schema') return `${this.text(resource.database)}.${name}`;
    if (SCHEMA_OBJECTS.includes(type)) return `${this.text(resource.database)}.${this.text(resource.schema)}.${name}`;
    return name;
  }
}
