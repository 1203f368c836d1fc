import { Construct } from 'constructs';
import { Database, Grant } from '../providers/postgresql';

export interface OwnedDatabaseProps {
  /** Database name, an unquoted identifier. */
  readonly name: string;
  /** The role that owns it (a reference, so the role exists first). */
  readonly owner: string;
  /** Refuse to drop it (`prevent_destroy`), e.g. where the instance has deletion protection. @default true */
  readonly preventDestroy?: boolean;
}

/**
 * A database owned by one role and closed to every other: PUBLIC's default CONNECT and TEMP
 * are revoked, so a role connects only where it owns or was granted.
 */
export class OwnedDatabase extends Construct {
  /** The database's name, as a reference, so what uses it is created after it. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: OwnedDatabaseProps) {
    super(scope, id);
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(props.name)) throw new Error(`OwnedDatabase ${id}: name must be an unquoted identifier (lower-case letters, digits, _), got "${props.name}"`);
    const database = new Database(this, 'database', {
      name: props.name,
      owner: props.owner,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    new Grant(this, 'no-public-access', { database: database.name, role: 'public', objectType: 'database', privileges: [] });
    this.name = database.name;
  }
}
