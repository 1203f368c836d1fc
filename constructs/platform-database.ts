import type { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { Database, Schema } from '../providers/snowflake';

export interface PlatformDatabaseProps<Key extends string> {
  /** Database name, an unquoted Snowflake identifier, e.g. `RAW`. */
  readonly name: string;
  /** What the database holds; shown in Snowsight. */
  readonly comment: string;
  /** Its schemas by key (e.g. source family or medallion layer), each an unquoted identifier. */
  readonly schemas: Readonly<Record<Key, string>>;
  /** What a key is, for the schemas' comments, e.g. `source family`. */
  readonly schemaKind: string;
}

/** A schema of a PlatformDatabase, as grants and the objects created in it refer to it. */
export class DatabaseSchema extends Construct {
  /** The schema's name, e.g. `BRONZE`. */
  readonly schemaName: string;
  /** `"DATABASE"."SCHEMA"`, as grants name it. */
  readonly qualifiedName: string;
  /**
   * Future grants on the schema's objects. Objects Terraform itself creates in the schema
   * depend on these, because a future grant only covers objects created after it.
   */
  readonly futureGrants: TerraformResource[] = [];

  constructor(scope: Construct, id: string, readonly database: PlatformDatabase<string>, name: string, comment: string) {
    super(scope, id);
    const schema = new Schema(this, 'schema', {
      database: database.databaseName,
      name,
      // Only the schema's owner (the platform's owner role) can grant on its objects: a role
      // that creates a table here cannot hand it to anyone else.
      withManagedAccess: 'true',
      comment,
    });
    this.schemaName = schema.name;
    this.qualifiedName = schema.fullyQualifiedName;
  }
}

/**
 * A database with managed-access schemas and no PUBLIC schema, so nothing lands anywhere
 * but in a schema the platform declared and granted.
 */
export class PlatformDatabase<Key extends string> extends Construct {
  readonly databaseName: string;
  readonly schemas: Readonly<Record<Key, DatabaseSchema>>;

  constructor(scope: Construct, id: string, props: PlatformDatabaseProps<Key>) {
    super(scope, id);
    const names = Object.values(props.schemas) as string[];
    const repeated = names.filter((name, index) => names.indexOf(name) !== index);
    if (repeated.length > 0) throw new Error(`PlatformDatabase ${id}: schemas must have distinct names, repeated: ${[...new Set(repeated)].join(', ')}`);
    if (names.includes('PUBLIC')) throw new Error(`PlatformDatabase ${id}: schemas must not include PUBLIC, the schema every role can see`);

    const database = new Database(this, 'database', { name: props.name, comment: props.comment, dropPublicSchemaOnCreation: true });
    this.databaseName = database.name;
    this.schemas = Object.fromEntries(
      (Object.entries(props.schemas) as [Key, string][]).map(([key, name]) => [
        key,
        new DatabaseSchema(this, `schema-${key}`, this, name, `${props.name} ${props.schemaKind} ${key}.`),
      ])
    ) as Record<Key, DatabaseSchema>;
  }
}
