import { Construct } from 'constructs';
import { nameProblem } from '../config/naming';
import { Database, Grant, GrantRole } from '../providers/postgresql';

export interface OwnedDatabaseProps {
  /** Database name, an unquoted identifier. */
  readonly name: string;
  /** The role that owns it (a reference, so the role exists first). */
  readonly owner: string;
  /**
   * The role Terraform manages the database as (the RDS master user). It becomes a member of
   * the owner: a login that is not a superuser can otherwise neither connect once PUBLIC loses
   * CONNECT nor grant anything there (PostgreSQL ignores such a GRANT with a warning).
   */
  readonly administrator: string;
  /** Refuse to drop it (`prevent_destroy`), e.g. where the instance has deletion protection. @default true */
  readonly preventDestroy?: boolean;
}

/**
 * A database owned by one role and closed to every other: PUBLIC's default CONNECT and TEMP
 * are revoked, so a role connects only where it owns or was granted; the administrator acts
 * there as a member of the owner.
 */
export class OwnedDatabase extends Construct {
  /** The database's name, as a reference, so what uses it is created after it and its administrator. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: OwnedDatabaseProps) {
    super(scope, id);
    const problem = nameProblem('postgresIdentifier', props.name);
    if (problem) throw new Error(`OwnedDatabase ${id}: name: ${problem}`);
    // Before the database: the provider then finds the membership it needs and keeps it, instead of granting and revoking its own.
    const administration = new GrantRole(this, 'administrator-acts-as-owner', { role: props.administrator, grantRole: props.owner });
    const database = new Database(this, 'database', {
      name: props.name,
      owner: props.owner,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
      dependsOn: [administration],
    });
    new Grant(this, 'no-public-access', { database: database.name, role: 'public', objectType: 'database', privileges: [] });
    this.name = database.name;
  }
}
