import { z } from 'zod';

/** What a service accepts as a name: its length limit and characters. */
export interface NameRule {
  /** What the name is, as an error message says it. */
  readonly what: string;
  readonly maxLength: number;
  readonly pattern: RegExp;
  /** The allowed characters, in words. */
  readonly allowed: string;
}

/** The limits of every kind of name the platform makes, from each service's documentation. */
export const NAME_RULES = {
  s3BucketPrefix: { what: 'S3 bucket_prefix', maxLength: 37, pattern: /^[a-z0-9][a-z0-9-]*$/, allowed: 'lower-case letters, digits and hyphens' },
  iamRoleNamePrefix: { what: 'IAM role name_prefix', maxLength: 38, pattern: /^[\w+=,.@-]+$/, allowed: 'letters, digits and + = , . @ _ -' },
  iamRoleName: { what: 'IAM role name', maxLength: 64, pattern: /^[\w+=,.@-]+$/, allowed: 'letters, digits and + = , . @ _ -' },
  kmsAlias: { what: 'KMS alias', maxLength: 250, pattern: /^[a-zA-Z0-9/_-]+$/, allowed: 'letters, digits, / _ -' },
  eksClusterName: { what: 'EKS cluster name', maxLength: 100, pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/, allowed: 'letters, digits, _ and -, starting with a letter or digit' },
  rdsIdentifier: {
    what: 'RDS identifier',
    maxLength: 63,
    pattern: /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
    allowed: 'lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen',
  },
  kubernetesName: {
    what: 'Kubernetes name',
    maxLength: 63,
    pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    allowed: 'lower-case letters, digits and hyphens, starting and ending with a letter or digit (RFC 1123 label)',
  },
  postgresIdentifier: {
    what: 'PostgreSQL identifier',
    maxLength: 63,
    pattern: /^[a-z_][a-z0-9_]*$/,
    allowed: 'lower-case letters, digits and _, starting with a letter or _ (an unquoted identifier, so SQL needs no quotes)',
  },
  snowflakeIdentifier: {
    what: 'Snowflake identifier',
    maxLength: 255,
    pattern: /^[A-Z_][A-Z0-9_$]*$/,
    allowed: 'upper-case letters, digits, _ and $, starting with a letter or _ (an unquoted identifier, so SQL needs no quotes)',
  },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/**
 * Every name the platform derives from `namePrefix` and `environment`, by kind: a stack that
 * names something new adds its purpose here, so a prefix that would make it too long fails
 * at config time, not in the middle of a deploy.
 */
export const NAMED_PURPOSES = {
  s3BucketPrefix: ['landing', 'airflow-logs', 'airflow-dags', 'dbt-artifacts', 'access-logs', 'airbyte'],
  iamRoleNamePrefix: [
    'flow-logs',
    'eks-cluster',
    'system-nodes',
    'ingest-nodes',
    'orch-nodes',
    'vpc-cni',
    'ebs-csi',
    'lb-controller',
    'ext-secrets',
    'autoscaler',
    'airbyte',
    'af-api-server',
    'af-dag-proc',
    'af-triggerer',
    'af-worker',
    'dbt-pods',
  ],
  kmsAlias: ['data', 'network-logs', 'eks', 'postgres'],
  rdsIdentifier: ['postgres'],
  iamRoleName: ['snowflake-landing'],
} as const satisfies Partial<Record<NameKind, readonly string[]>>;

export type BucketPurpose = (typeof NAMED_PURPOSES.s3BucketPrefix)[number];
export type RolePurpose = (typeof NAMED_PURPOSES.iamRoleNamePrefix)[number];
export type KeyPurpose = (typeof NAMED_PURPOSES.kmsAlias)[number];
export type FixedRolePurpose = (typeof NAMED_PURPOSES.iamRoleName)[number];
export type DatabasePurpose = (typeof NAMED_PURPOSES.rdsIdentifier)[number];

/** Why `name` breaks `kind`'s rule, or undefined when it is fine. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  const rule: NameRule = NAME_RULES[kind];
  if (name.length > rule.maxLength) return `${rule.what} "${name}" is ${name.length} characters; at most ${rule.maxLength} are allowed`;
  if (!rule.pattern.test(name)) return `${rule.what} "${name}" may contain only ${rule.allowed}`;
  return undefined;
}

/** A config field holding a name of `kind`, checked against its service's rule. */
export function nameField(kind: NameKind) {
  return z.string().superRefine((value, ctx) => {
    const problem = nameProblem(kind, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** The platform's names for one environment: every resource name starts from here. */
export class PlatformNames {
  /** `<namePrefix>-<environment>`, the start of every resource name. */
  readonly stem: string;

  constructor(private readonly scope: { readonly namePrefix: string; readonly environment: string }) {
    this.stem = `${scope.namePrefix}-${scope.environment}`;
  }

  /** `<stem>-<purpose>-`; S3 appends a unique suffix, so names never collide across accounts. */
  bucketPrefix(purpose: BucketPurpose): string {
    return `${this.stem}-${purpose}-`;
  }

  /** `<stem>-<purpose>-`; IAM appends a unique suffix. */
  rolePrefix(purpose: RolePurpose): string {
    return `${this.stem}-${purpose}-`;
  }

  /**
   * `<stem>-<purpose>`: a role whose ARN must be known before the role exists (e.g. one a
   * Snowflake integration is told to assume), so IAM cannot append a suffix.
   */
  roleName(purpose: FixedRolePurpose): string {
    return `${this.stem}-${purpose}`;
  }

  /** Without the `alias/` prefix. */
  keyAlias(purpose: KeyPurpose): string {
    return `${this.stem}-${purpose}`;
  }

  /** `<stem>-<purpose>`: an RDS instance identifier, also the start of its endpoint's host name. */
  databaseIdentifier(purpose: DatabasePurpose): string {
    return `${this.stem}-${purpose}`;
  }

  /** `<namePrefix>/<environment>/<relative>`: every secret of an environment under one prefix, which grants can scope to. */
  secretName(relative: string): string {
    return `${this.secretPrefix}${relative}`;
  }

  get secretPrefix(): string {
    return `${this.scope.namePrefix}/${this.scope.environment}/`;
  }

  /** `/<namePrefix>/<environment>/<purpose>`. */
  logGroupName(purpose: string): string {
    return `/${this.scope.namePrefix}/${this.scope.environment}/${purpose}`;
  }

  /** `<stem>/<purpose>`. */
  repositoryName(purpose: string): string {
    return `${this.stem}/${purpose}`;
  }

  /** Every derived name that breaks its service's rule, with the kind it belongs to. */
  problems(): { readonly kind: NameKind; readonly message: string }[] {
    const derive: { readonly [K in keyof typeof NAMED_PURPOSES]: (purpose: never) => string } = {
      s3BucketPrefix: (purpose) => this.bucketPrefix(purpose),
      iamRoleNamePrefix: (purpose) => this.rolePrefix(purpose),
      kmsAlias: (purpose) => this.keyAlias(purpose),
      iamRoleName: (purpose) => this.roleName(purpose),
      rdsIdentifier: (purpose) => this.databaseIdentifier(purpose),
    };
    return (Object.keys(NAMED_PURPOSES) as (keyof typeof NAMED_PURPOSES)[]).flatMap((kind) =>
      NAMED_PURPOSES[kind].flatMap((purpose) => {
        const message = nameProblem(kind, derive[kind](purpose as never));
        return message ? [{ kind, message }] : [];
      }),
    );
  }
}
