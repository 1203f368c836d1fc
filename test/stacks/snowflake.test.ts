import { generateKeyPairSync } from 'node:crypto';
import { loadConfig, type ConfigOverrides } from '../../config';
import { platformSizing } from '../../config/sizing';
import { previewFeature, SNOWFLAKE_PREVIEW_RESOURCES } from '../../providers/snowflake';
import { SnowflakeObjects } from '../../scripts/lib/snowflake-objects';
import { addressOf, resourcesOf, statementsOf, synthPlatform, type SynthesizedPlatform, type SynthesizedStack } from '../support/synth';

/** A real RSA public key, as `openssl rsa -pubout` writes it; its private half is thrown away. */
const PUBLIC_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PUBLIC_KEY_BODY = PUBLIC_KEY.replace(/-----[A-Z ]+-----|\s/g, '');

/** dev with every optional Snowflake feature switched on. */
const EVERYTHING_ON: ConfigOverrides = {
  snowflake: {
    terraformLogin: { privateKeyFrom: 'environment' },
    monitors: { accountMonthlyCredits: 9000, notifyUsers: ['DATA_PLATFORM_ONCALL'] },
    serviceUsers: { loader: { rsaPublicKey: PUBLIC_KEY } },
    bi: { readsGold: true, allowedCidrs: ['203.0.113.0/24'] },
  },
};

let dev: SynthesizedPlatform;
let snowflake: SynthesizedStack;
let objects: SnowflakeObjects;
let everythingOn: SynthesizedStack;

beforeAll(() => {
  dev = synthPlatform({ env: 'dev' });
  snowflake = dev.stack('snowflake');
  objects = new SnowflakeObjects(snowflake.json);
  everythingOn = synthPlatform({ env: 'dev', overrides: EVERYTHING_ON }).stack('snowflake');
});

const byName = (stack: SynthesizedStack, type: string, name: string) => {
  const found = resourcesOf(stack, type).find((resource) => resource.name === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found;
};

describe('snowflake stack (dev)', () => {
  it('matches the snapshot', () => {
    expect(snowflake.json).toMatchSnapshot();
  });

  it('logs in by key pair only, as one user with the least role each resource needs', () => {
    const providers = snowflake.json.provider.snowflake;
    expect(providers.map((provider) => [provider.alias ?? 'default', provider.role])).toEqual([
      ['default', 'PLATFORM_OWNER'],
      ['security', 'SECURITYADMIN'],
      ['accountadmin', 'ACCOUNTADMIN'],
    ]);
    for (const provider of providers) {
      expect(provider).toMatchObject({ authenticator: 'SNOWFLAKE_JWT', organization_name: 'DATAPLATFORM', account_name: 'DEV', user: 'TERRAFORM' });
      expect(provider).not.toHaveProperty('password');
      expect(provider.private_key).toBe('${ephemeral.aws_secretsmanager_secret_version.terraform-private-key.secret_string}');
    }
    expect(snowflake.json.ephemeral?.aws_secretsmanager_secret_version['terraform-private-key'].secret_id).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-secrets\.outputs\.cross-stack-output-aws_secretsmanager_secretsnowflakeTerraform_secret.*arn\}$/
    );
  });

  it('leaves the private key to SNOWFLAKE_PRIVATE_KEY when configured so, and reads no secret', () => {
    for (const provider of everythingOn.json.provider.snowflake) expect(provider).not.toHaveProperty('private_key');
    expect(everythingOn.json.ephemeral).toBeUndefined();
  });

  it('enables exactly the preview features of the resources it manages, on every provider configuration', () => {
    const used = Object.keys(snowflake.json.resource).filter((type) => (SNOWFLAKE_PREVIEW_RESOURCES as readonly string[]).includes(type));
    expect(used.sort()).toEqual(['snowflake_file_format', 'snowflake_pipe', 'snowflake_stage', 'snowflake_storage_integration', 'snowflake_table']);
    for (const provider of snowflake.json.provider.snowflake) {
      expect([...(provider.preview_features_enabled as string[])].sort()).toEqual(used.map((type) => previewFeature(type as never)).sort());
    }
  });

  it('creates RAW with a schema per source family and ANALYTICS with a schema per medallion layer, all managed-access, no PUBLIC schema', () => {
    expect(objects.names('snowflake_database').sort()).toEqual(['ANALYTICS', 'RAW']);
    expect(objects.names('snowflake_schema').sort()).toEqual([
      'ANALYTICS.BRONZE',
      'ANALYTICS.GOLD',
      'ANALYTICS.MARTS',
      'ANALYTICS.SILVER',
      'RAW.DOCUMENTS',
      'RAW.FILES',
      'RAW.OLTP',
      'RAW.PARTNERS',
    ]);
    for (const database of resourcesOf(snowflake, 'snowflake_database')) expect(database.drop_public_schema_on_creation).toBe(true);
    for (const schema of resourcesOf(snowflake, 'snowflake_schema')) expect(schema.with_managed_access).toBe('true');
  });

  it('owns every database, schema and warehouse with the owner role, which sits under SYSADMIN', () => {
    for (const [type, objectType] of [
      ['snowflake_database', 'DATABASE'],
      ['snowflake_schema', 'SCHEMA'],
      ['snowflake_warehouse', 'WAREHOUSE'],
    ]) {
      expect(new Set(objects.owners(type, objectType).values())).toEqual(new Set(['PLATFORM_OWNER']));
    }
    expect(objects.roleGrants()).toContainEqual({ role: 'PLATFORM_OWNER', parent: 'SYSADMIN' });
  });

  it('grants nothing to PUBLIC and no administrative role to anyone', () => {
    const grantees = [
      ...resourcesOf(snowflake, 'snowflake_grant_privileges_to_account_role').map((grant) => objects.text(grant.account_role_name)),
      ...objects.roleGrants().map((grant) => grant.parent),
    ];
    expect(grantees).not.toContain('PUBLIC');
    const granted = objects.roleGrants().map((grant) => grant.role);
    for (const role of ['ACCOUNTADMIN', 'SECURITYADMIN', 'USERADMIN', 'ORGADMIN', 'SYSADMIN']) expect(granted).not.toContain(role);
  });

  it('declares the outputs later stacks consume, each with a description', () => {
    // cdktf adds a cross-stack-output-* for each value another stack reads; those are not declared here.
    const outputs = Object.fromEntries(Object.entries(snowflake.json.output!).filter(([name]) => !name.startsWith('cross-stack-output-')));
    expect(Object.keys(outputs).sort()).toEqual([
      'account_identifier',
      'analytics_database',
      'bulk_feed_pipes',
      'dbt_environment',
      'layer_schemas',
      'raw_database',
      'raw_schemas',
      'service_users',
      'service_users_awaiting_key',
    ]);
    expect(Object.values(outputs).every((output) => (output.description ?? '').length > 0)).toBe(true);
    expect(objects.outputValue('service_users')).toEqual({
      loader: { user: 'AIRBYTE', role: 'LOADER', warehouse: 'LOADING' },
      transformer: { user: 'DBT', role: 'TRANSFORMER', warehouse: 'TRANSFORMING' },
      reporter: { user: 'SIGMA', role: 'REPORTER', warehouse: 'REPORTING' },
    });
    expect(objects.outputValue('raw_schemas')).toEqual({ oltpCdc: 'OLTP', partnerApis: 'PARTNERS', structuredFiles: 'FILES', documents: 'DOCUMENTS' });
  });
});

describe('warehouses and credit monitors', () => {
  it.each(['dev', 'prod'])('%s: loading and transforming are exactly the capacity plan, reporting is the configuration', (env) => {
    const stack = env === 'dev' ? snowflake : synthPlatform({ env }).stack('snowflake');
    const config = loadConfig({ env });
    const plan = platformSizing(config).snowflake.warehouses;
    const sized = (name: string) => {
      const warehouse = byName(stack, 'snowflake_warehouse', name);
      return { size: warehouse.warehouse_size, minClusterCount: warehouse.min_cluster_count, maxClusterCount: warehouse.max_cluster_count };
    };
    expect(sized('LOADING')).toEqual(plan.loading);
    expect(sized('TRANSFORMING')).toEqual(plan.transforming);
    const reporting = config.snowflake.warehouses.reporting;
    expect(sized('REPORTING')).toEqual({ size: reporting.size, minClusterCount: reporting.minClusterCount, maxClusterCount: reporting.maxClusterCount });
  });

  it('every warehouse suspends within 300 s, resumes on demand, times statements out and starts suspended', () => {
    const warehouses = resourcesOf(snowflake, 'snowflake_warehouse');
    expect(warehouses).toHaveLength(3);
    for (const warehouse of warehouses) {
      expect(warehouse.auto_suspend).toBeGreaterThan(0);
      expect(warehouse.auto_suspend).toBeLessThanOrEqual(300);
      expect(warehouse).toMatchObject({ auto_resume: 'true', initially_suspended: true });
      expect(warehouse.statement_timeout_in_seconds).toBeGreaterThan(0);
      expect(warehouse.statement_queued_timeout_in_seconds).toBeGreaterThan(0);
    }
  });

  it('caps every warehouse with a monitor of its own: the plan credits plus headroom, notify at 75 and 90 %, suspend at 100, at once at 110', () => {
    const config = loadConfig({ env: 'dev' });
    const credits = platformSizing(config).snowflake.monthlyCredits;
    const headroom = 1 + config.snowflake.monitors.headroom;
    const expected = {
      LOADING: Math.ceil(credits.loading * headroom),
      TRANSFORMING: Math.ceil(credits.transforming * headroom),
      REPORTING: config.snowflake.warehouses.reporting.monthlyCredits,
    };
    for (const [name, quota] of Object.entries(expected)) {
      const warehouse = byName(snowflake, 'snowflake_warehouse', name);
      const monitor = byName(snowflake, 'snowflake_resource_monitor', `${name}_MONITOR`);
      expect(warehouse.resource_monitor).toBe(`\${${addressOf(snowflake, 'snowflake_resource_monitor', monitor)}.fully_qualified_name}`);
      expect(monitor).toMatchObject({ credit_quota: quota, notify_triggers: [75, 90], suspend_trigger: 100, suspend_immediate_trigger: 110, provider: 'snowflake.accountadmin' });
    }
    expect(expected.LOADING).toBeGreaterThan(credits.loading);
  });

  it('hands each warehouse to the owner role after ACCOUNTADMIN assigns its monitor, keeping its grants', () => {
    const transfers = resourcesOf(snowflake, 'snowflake_grant_ownership');
    expect(transfers.map((transfer) => objects.text(transfer.on.object_name)).sort()).toEqual(['LOADING', 'REPORTING', 'TRANSFORMING']);
    for (const transfer of transfers) expect(transfer).toMatchObject({ account_role_name: 'PLATFORM_OWNER', outbound_privileges: 'COPY', on: { object_type: 'WAREHOUSE' } });
  });

  it('adds an account-level monitor only when configured, assigned with its revert', () => {
    expect(resourcesOf(snowflake, 'snowflake_execute')).toEqual([]);
    const account = byName(everythingOn, 'snowflake_resource_monitor', 'ACCOUNT_MONITOR');
    expect(account).toMatchObject({ credit_quota: 9000, suspend_trigger: 100, notify_users: ['DATA_PLATFORM_ONCALL'] });
    expect(resourcesOf(everythingOn, 'snowflake_execute')).toEqual([
      expect.objectContaining({
        execute: 'ALTER ACCOUNT SET RESOURCE_MONITOR = ACCOUNT_MONITOR',
        revert: 'ALTER ACCOUNT UNSET RESOURCE_MONITOR',
        provider: 'snowflake.accountadmin',
      }),
    ]);
  });
});

describe('service users', () => {
  it('are SERVICE users with no password attribute at all, one role each and no secondary roles', () => {
    for (const type of Object.keys(snowflake.json.resource)) expect(['snowflake_user', 'snowflake_legacy_service_user']).not.toContain(type);
    expect(snowflake.text).not.toMatch(/"password"/);
    const users = resourcesOf(snowflake, 'snowflake_service_user');
    expect(users.map((user) => [user.name, objects.text(user.default_role), objects.text(user.default_warehouse)])).toEqual([
      ['AIRBYTE', 'LOADER', 'LOADING'],
      ['SIGMA', 'REPORTER', 'REPORTING'],
      ['DBT', 'TRANSFORMER', 'TRANSFORMING'],
    ]);
    for (const user of users) expect(user.default_secondary_roles_option).toBe('NONE');
    expect(objects.userGrants().sort((a, b) => a.user.localeCompare(b.user))).toEqual([
      { role: 'LOADER', user: 'AIRBYTE' },
      { role: 'TRANSFORMER', user: 'DBT' },
      { role: 'REPORTER', user: 'SIGMA' },
    ]);
  });

  it('admit connections only from the NAT gateways, and the reporter also from the BI tool', () => {
    const nat = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-network\.outputs\.cross-stack-output-aws_eipnetwork_nat-address-us-east-1a_.*public_ip\}\/32$/;
    for (const stack of [snowflake, everythingOn]) {
      for (const user of resourcesOf(stack, 'snowflake_service_user')) {
        const policy = resourcesOf(stack, 'snowflake_network_policy').find(
          (candidate) => user.network_policy === `\${${addressOf(stack, 'snowflake_network_policy', candidate)}.name}`
        );
        const [natAddress, ...others] = policy!.allowed_ip_list;
        expect(natAddress).toMatch(nat);
        expect(others).toEqual(stack === everythingOn && user.name === 'SIGMA' ? ['203.0.113.0/24'] : []);
      }
    }
  });

  it('take the public keys from the configuration, and say which users cannot log in until theirs is registered', () => {
    expect(resourcesOf(snowflake, 'snowflake_service_user').some((user) => 'rsa_public_key' in user)).toBe(false);
    expect(objects.outputValue('service_users_awaiting_key')).toEqual(['AIRBYTE', 'DBT', 'SIGMA']);
    expect(byName(everythingOn, 'snowflake_service_user', 'AIRBYTE').rsa_public_key).toBe(PUBLIC_KEY_BODY);
    expect(new SnowflakeObjects(everythingOn.json).outputValue('service_users_awaiting_key')).toEqual(['DBT', 'SIGMA']);
  });
});

describe('bulk loading from the landing bucket', () => {
  const integrationAddress = () => addressOf(snowflake, 'snowflake_storage_integration', resourcesOf(snowflake, 'snowflake_storage_integration')[0]);

  it('trusts exactly the integration IAM user, with its external id as a condition', () => {
    const [role] = resourcesOf(snowflake, 'aws_iam_role');
    expect(role.name).toBe('dp-dev-snowflake-landing');
    expect(statementsOf(snowflake, role.assume_role_policy)).toEqual([
      {
        sid: 'SnowflakeIntegrationUserWithItsExternalId',
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'AWS', identifiers: [`\${${integrationAddress()}.storage_aws_iam_user_arn}`] }],
        condition: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: [`\${${integrationAddress()}.storage_aws_external_id}`] }],
      },
    ]);
  });

  it('gives the integration the role ARN built from its name and the key account, so the integration does not depend on the role', () => {
    const [integration] = resourcesOf(snowflake, 'snowflake_storage_integration');
    expect(integration.storage_aws_role_arn).toMatch(
      /^arn:\$\{element\(split\(":", data\.terraform_remote_state\.cross-stack-reference-input-storage.*\), 1\)\}:iam::\$\{element\(.*, 4\)\}:role\/dp-dev-snowflake-landing$/
    );
    expect(JSON.stringify(integration)).not.toMatch(/aws_iam_role\./);
    expect(integration.storage_allowed_locations).toEqual([expect.stringMatching(/^s3:\/\/\$\{.*landing-bucket.*bucket\}\/bulk\/$/)]);
  });

  it('lets the role read only the feed folders and decrypt them with the platform key', () => {
    const [policy] = resourcesOf(snowflake, 'aws_iam_role_policy');
    const statements = statementsOf(snowflake, policy.policy);
    const feeds = loadConfig({ env: 'dev' }).snowflake.bulkLoading.feeds.map((feed) => `bulk/${feed.prefix}`);
    expect(statements.flatMap((statement) => statement.actions).sort()).toEqual(
      [...feeds.flatMap(() => ['s3:GetBucketLocation', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket']), 'kms:Decrypt', 'kms:DescribeKey'].sort()
    );
    const objectResources = statements.filter((statement) => statement.actions.includes('s3:GetObject')).flatMap((statement) => statement.resources);
    expect(objectResources.map((resource: string) => resource.replace(/^.*\}\//, ''))).toEqual(feeds.map((prefix) => `${prefix}*`));
    expect(statements.filter((statement) => statement.actions.includes('kms:Decrypt'))).toHaveLength(1);
  });

  it('loads every feed into its RAW table, semi-structured formats as one VARIANT record', () => {
    const tables = Object.fromEntries(
      resourcesOf(snowflake, 'snowflake_table').map((table) => [table.name, table.column.map((column: { name: string; type: string }) => `${column.name} ${column.type}`)])
    );
    const metadata = ['SOURCE_FILE VARCHAR', 'SOURCE_FILE_ROW NUMBER(38,0)', 'LOADED_AT TIMESTAMP_LTZ(9)'];
    expect(tables).toEqual({
      ASSET_MANIFESTS: ['RECORD VARIANT', ...metadata],
      CAMPAIGN_EVENTS: ['RECORD VARIANT', ...metadata],
      MEDIA_PERFORMANCE: ['RECORD VARIANT', ...metadata],
      TIMESHEETS: ['EMPLOYEE_ID VARCHAR', 'PROJECT_ID VARCHAR', 'WORK_DATE VARCHAR', 'HOURS VARCHAR', 'ACTIVITY VARCHAR', ...metadata],
    });
    expect(objects.names('snowflake_table').every((name) => name.startsWith('RAW.FILES.'))).toBe(true);
    expect(objects.names('snowflake_file_format').sort()).toEqual(['RAW.FILES.CSV', 'RAW.FILES.JSON', 'RAW.FILES.PARQUET', 'RAW.FILES.XML']);
    expect(objects.text(byName(snowflake, 'snowflake_pipe', 'TIMESHEETS_PIPE').copy_statement)).toBe(
      'COPY INTO RAW.FILES.TIMESHEETS (EMPLOYEE_ID, PROJECT_ID, WORK_DATE, HOURS, ACTIVITY, SOURCE_FILE, SOURCE_FILE_ROW, LOADED_AT) ' +
        'FROM (SELECT $1, $2, $3, $4, $5, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME FROM @RAW.FILES.LANDING/timesheets/) ' +
        'FILE_FORMAT = (FORMAT_NAME = RAW.FILES.CSV)'
    );
  });

  it('creates the feed tables after the future grants that cover them', () => {
    const futureGrants = Object.entries(snowflake.json.resource.snowflake_grant_privileges_to_account_role)
      .filter(([, grant]) => grant.on_schema_object?.future?.in_schema?.includes('schema-structuredFiles'))
      .map(([name]) => `snowflake_grant_privileges_to_account_role.${name}`);
    expect(futureGrants.length).toBeGreaterThan(0);
    for (const table of resourcesOf(snowflake, 'snowflake_table')) expect([...table.depends_on].sort()).toEqual(futureGrants.sort());
  });

  it('wires every pipe to the one notification of the landing bucket, a queue per feed folder', () => {
    const pipes = resourcesOf(snowflake, 'snowflake_pipe');
    expect(pipes.every((pipe) => pipe.auto_ingest === true)).toBe(true);
    const [notification] = resourcesOf(snowflake, 'aws_s3_bucket_notification');
    expect(notification.queue).toHaveLength(pipes.length);
    for (const pipe of pipes) {
      const queue = notification.queue.find(
        (candidate: { queue_arn: string }) => candidate.queue_arn === `\${${addressOf(snowflake, 'snowflake_pipe', pipe)}.notification_channel}`
      );
      expect(queue).toMatchObject({ events: ['s3:ObjectCreated:*'], filter_prefix: expect.stringMatching(/^bulk\/[a-z-]+\/$/) });
      expect(objects.text(pipe.copy_statement)).toContain(`@RAW.FILES.LANDING/${queue.filter_prefix.replace(/^bulk\//, '')})`);
    }
  });

  it('is the only notification configuration of the landing bucket in the whole platform', () => {
    const notifications = Object.keys(dev.manifest.stacks).flatMap((name) => resourcesOf(dev.stack(name), 'aws_s3_bucket_notification'));
    expect(notifications.map((notification) => notification.bucket)).toEqual([expect.stringMatching(/landing-bucket.*bucket\}$/)]);
  });
});
