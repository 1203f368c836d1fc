import { loadConfig } from '../../config';
import { DATABASE_ROLE_IDS, DATABASE_ROLES } from '../../config/database-roles';
import { addressOf, resourcesOf, synthPlatform, type SynthesizedPlatform, type SynthesizedStack } from '../support/synth';

const dev = loadConfig({ env: 'dev' });
const prod = loadConfig({ env: 'prod' });
let platform: SynthesizedPlatform;
let postgres: SynthesizedStack;
let prodPostgres: SynthesizedStack;

beforeAll(() => {
  platform = synthPlatform({ env: 'dev' });
  postgres = platform.stack('postgres');
  prodPostgres = synthPlatform({ env: 'prod' }).stack('postgres');
});

const REMOTE = (stack: string) => `\${data.terraform_remote_state.cross-stack-reference-input-${stack}.outputs.cross-stack-output-`;

function instance(stack: SynthesizedStack): Record<string, any> {
  const [only] = resourcesOf(stack, 'aws_db_instance');
  return only;
}

function keyReference(stack: SynthesizedStack): string {
  const [key] = resourcesOf(stack, 'aws_kms_key');
  return `\${${addressOf(stack, 'aws_kms_key', key)}.arn}`;
}

describe('postgres stack (dev)', () => {
  it('matches the snapshot', () => {
    expect(postgres.json).toMatchSnapshot();
  });

  it('is deployed after network, eks and storage, whose subnets, security groups and key it reads', () => {
    expect([...platform.manifest.stacks.postgres.dependencies].sort()).toEqual(['eks', 'network', 'storage']);
  });

  it('runs the pinned PostgreSQL major version, minor versions applied by RDS in the maintenance window', () => {
    expect(instance(postgres)).toMatchObject({
      engine: 'postgres',
      engine_version: dev.postgres.engineVersion,
      auto_minor_version_upgrade: true,
      maintenance_window: dev.postgres.maintenanceWindow,
      instance_class: dev.postgres.instanceClass,
    });
    expect(dev.postgres.engineVersion).toBe('16');
    const [parameters] = resourcesOf(postgres, 'aws_db_parameter_group');
    expect(parameters.family).toBe('postgres16');
  });

  it('lives in the isolated subnets, with no public address', () => {
    const [subnetGroup] = resourcesOf(postgres, 'aws_db_subnet_group');
    expect(subnetGroup.subnet_ids).toHaveLength(3);
    for (const subnet of subnetGroup.subnet_ids) expect(subnet).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-network\.outputs\.cross-stack-output-aws_subnetnetwork_isolated-subnet-/);
    expect(instance(postgres)).toMatchObject({ publicly_accessible: false, db_subnet_group_name: `\${${addressOf(postgres, 'aws_db_subnet_group', subnetGroup)}.name}` });
  });

  it('admits 5432 only from the cluster and node security groups, with no CIDR and no egress', () => {
    const [group] = resourcesOf(postgres, 'aws_security_group');
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
    const rules = resourcesOf(postgres, 'aws_security_group_rule');
    expect(rules.map((rule) => [rule.type, rule.protocol, rule.from_port, rule.to_port, rule.cidr_blocks, rule.security_group_id])).toEqual(
      rules.map(() => ['ingress', 'tcp', 5432, 5432, undefined, `\${${addressOf(postgres, 'aws_security_group', group)}.id}`]),
    );
    expect(rules.map((rule) => rule.source_security_group_id).sort()).toEqual([
      `${REMOTE('eks')}aws_eks_clustercontrol-plane_cluster_47C848BDvpc_config0cluster_security_group_id}`,
      `${REMOTE('eks')}aws_security_groupcontrol-plane_node-security-group_6562CCF6id}`,
    ]);
    expect(Object.keys(postgres.json.resource).filter((type) => /ingress|egress/.test(type))).toEqual([]);
    expect(instance(postgres).vpc_security_group_ids).toEqual([`\${${addressOf(postgres, 'aws_security_group', group)}.id}`]);
  });

  it('encrypts gp3 storage with its own key and autoscales it to the configured ceiling', () => {
    expect(instance(postgres)).toMatchObject({
      storage_type: 'gp3',
      storage_encrypted: true,
      kms_key_id: keyReference(postgres),
      allocated_storage: dev.postgres.storage.allocatedGib,
      max_allocated_storage: dev.postgres.storage.maxAllocatedGib,
    });
    const [key] = resourcesOf(postgres, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
  });

  it('lets RDS manage the master password in Secrets Manager with the database key; no password anywhere', () => {
    const db = instance(postgres);
    expect(db).toMatchObject({ manage_master_user_password: true, master_user_secret_kms_key_id: keyReference(postgres), username: dev.postgres.masterUsername });
    expect(db.password).toBeUndefined();
    expect(db.password_wo).toBeUndefined();
    expect(postgres.text).not.toMatch(/"password"\s*:/);
  });

  it('turns on IAM authentication, log exports, Performance Insights with the key, and tags on snapshots', () => {
    expect(instance(postgres)).toMatchObject({
      iam_database_authentication_enabled: true,
      enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
      performance_insights_enabled: true,
      performance_insights_kms_key_id: keyReference(postgres),
      performance_insights_retention_period: dev.postgres.performanceInsightsRetentionDays,
      copy_tags_to_snapshot: true,
    });
  });

  it('creates the log groups RDS exports to first, encrypted and with retention', () => {
    const groups = resourcesOf(postgres, 'aws_cloudwatch_log_group');
    expect(groups.map((group) => [group.name, group.kms_key_id, group.retention_in_days]).sort()).toEqual([
      ['/aws/rds/instance/dp-dev-postgres/postgresql', keyReference(postgres), dev.postgres.logRetentionDays],
      ['/aws/rds/instance/dp-dev-postgres/upgrade', keyReference(postgres), dev.postgres.logRetentionDays],
    ]);
    expect(instance(postgres).depends_on).toEqual(groups.map((group) => addressOf(postgres, 'aws_cloudwatch_log_group', group)).sort());
  });

  it('sets logical replication for CDC, TLS only, connection and slow-statement logging, and a bound on WAL an unread slot keeps', () => {
    const [group] = resourcesOf(postgres, 'aws_db_parameter_group');
    const parameters = Object.fromEntries(group.parameter.map((parameter: Record<string, string>) => [parameter.name, [parameter.value, parameter.apply_method]]));
    expect(parameters).toEqual({
      'rds.logical_replication': ['1', 'pending-reboot'],
      'rds.force_ssl': ['1', 'immediate'],
      log_connections: ['1', 'immediate'],
      log_disconnections: ['1', 'immediate'],
      log_min_duration_statement: [String(dev.postgres.slowStatementMs), 'immediate'],
      max_slot_wal_keep_size: [String(dev.postgres.cdc.maxSlotWalKeepGib * 1024), 'immediate'],
    });
    expect(group.lifecycle).toEqual({ create_before_destroy: true });
    expect(instance(postgres).parameter_group_name).toBe(`\${${addressOf(postgres, 'aws_db_parameter_group', group)}.name}`);
  });

  it('relaxes in dev only what dev says it relaxes', () => {
    expect(instance(postgres)).toMatchObject({ multi_az: false, deletion_protection: false, skip_final_snapshot: true, backup_retention_period: 7, apply_immediately: true });
    expect(instance(postgres).final_snapshot_identifier).toBeUndefined();
  });

  it('gives every database role a secret under the environment prefix, on the storage platform key', () => {
    const secrets = resourcesOf(postgres, 'aws_secretsmanager_secret');
    expect(secrets.map((secret) => secret.name).sort()).toEqual(DATABASE_ROLE_IDS.map((id) => `dp/dev/${DATABASE_ROLES[id].secretName}`).sort());
    for (const secret of secrets) {
      expect(secret.kms_key_id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-storage\.outputs\.cross-stack-output-aws_kms_key.*arn\}$/);
      expect(secret['//'].policy_waivers.CKV2_AWS_57).toMatch(/every 90 days: raise postgres\.passwordVersions\.\w+ .*deploy postgres, then postgres-bootstrap/);
    }
  });

  it('writes every role secret through secret_string_wo: the connection JSON with an ephemeral password, versioned by config', () => {
    const versions = resourcesOf(postgres, 'aws_secretsmanager_secret_version');
    expect(versions).toHaveLength(DATABASE_ROLE_IDS.length);
    const db = addressOf(postgres, 'aws_db_instance', instance(postgres));
    for (const id of DATABASE_ROLE_IDS) {
      const { database, username } = DATABASE_ROLES[id];
      const secret = resourcesOf(postgres, 'aws_secretsmanager_secret').find((candidate) => candidate.name === `dp/dev/${DATABASE_ROLES[id].secretName}`)!;
      const version = versions.find((candidate) => candidate.secret_id === `\${${addressOf(postgres, 'aws_secretsmanager_secret', secret)}.id}`)!;
      expect(Object.keys(version).filter((key) => key !== '//').sort()).toEqual(['secret_id', 'secret_string_wo', 'secret_string_wo_version']);
      expect(version.secret_string_wo_version).toBe(dev.postgres.passwordVersions[id]);
      expect(version.secret_string_wo).toBe(
        `\${jsonencode({"host" = ${db}.address, "port" = ${db}.port, "database" = "${database}", "username" = "${username}", "password" = ephemeral.aws_secretsmanager_random_password.${id}-role-secret_password_${version.secret_string_wo.match(/_password_([0-9A-F]+)\.random_password/)[1]}.random_password})}`,
      );
    }
    const passwords = Object.values(postgres.json.ephemeral!.aws_secretsmanager_random_password);
    expect(passwords).toEqual(DATABASE_ROLE_IDS.map(() => ({ password_length: 40, exclude_punctuation: true })));
    expect(postgres.text).not.toMatch(/"secret_string"|"secret_binary"/);
  });

  it('outputs the endpoint, port, master secret, security group, key and every role secret, each described', () => {
    // cdktf adds cross-stack-output-* for what postgres-bootstrap reads.
    const outputs = Object.fromEntries(Object.entries(postgres.json.output!).filter(([name]) => !name.startsWith('cross-stack-output-')));
    expect(Object.keys(outputs).sort()).toEqual(
      ['endpoint', 'port', 'master_username', 'master_secret_arn', 'security_group_id', 'kms_key_arn', ...DATABASE_ROLE_IDS.map((id) => `${id}_secret_arn`)].sort(),
    );
    const db = addressOf(postgres, 'aws_db_instance', instance(postgres));
    expect(outputs.endpoint.value).toBe(`\${${db}.address}`);
    expect(outputs.master_secret_arn.value).toBe(`\${${db}.master_user_secret[0].secret_arn}`);
    for (const output of Object.values(outputs)) expect(output.description!.length).toBeGreaterThan(20);
  });
});

describe('postgres stack (prod)', () => {
  it('holds Multi-AZ, deletion protection, a final snapshot and at least 7 days of backups', () => {
    expect(instance(prodPostgres)).toMatchObject({
      multi_az: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'dp-prod-postgres-final',
      backup_retention_period: prod.postgres.backupRetentionDays,
      backup_window: prod.postgres.backupWindow,
      apply_immediately: false,
      instance_class: 'db.m7g.large',
    });
    expect(prod.postgres.backupRetentionDays).toBeGreaterThanOrEqual(7);
  });

  it('reads the eks, network and storage outputs from the same S3 state', () => {
    for (const upstream of ['eks', 'network', 'storage']) {
      expect(prodPostgres.json.data!.terraform_remote_state[`cross-stack-reference-input-${upstream}`]).toMatchObject({
        backend: 's3',
        config: { bucket: 'dp-prod-terraform-state', key: `data-platform/prod/${upstream}.tfstate` },
      });
    }
  });
});
