import { airbyteBehindHealthGate } from '../../aspects/rules/airbyte';
import { StackResources, type SynthesizedResource } from '../../aspects/policy';
import { loadConfig } from '../../config';
import { AIRBYTE_SOURCE_IDS } from '../../config/sections/airbyte-connections';
import { CONNECTOR_DEFINITION_IDS } from '../../constructs/airbyte-connectors';
import { healthRetries } from '../../constructs/airbyte-health-gate';
import { resourcesOf, statementsOf, synthPlatform, type SynthesizedPlatform, type SynthesizedStack } from '../support/synth';

const config = loadConfig({ env: 'dev' });
const settings = config.airbyteConnections;
let platform: SynthesizedPlatform;
let connections: SynthesizedStack;

const REMOTE = (stack: string) => `\${data.terraform_remote_state.cross-stack-reference-input-${stack}.outputs.cross-stack-output-`;

beforeAll(() => {
  platform = synthPlatform({ env: 'dev' });
  connections = platform.stack('airbyte-connections');
});

/** Every resource and data source of the stack as the policy aspect reads them. */
function stackResources(): StackResources {
  const elements = (byType: Record<string, Record<string, Record<string, unknown>>> | undefined, prefix: string): SynthesizedResource[] =>
    Object.entries(byType ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([name, attributes]) => ({ type, address: `${prefix}${type}.${name}`, path: name, attributes })));
  return new StackResources(elements(connections.json.resource, ''), elements(connections.json.data as never, 'data.'));
}

function byName(type: string): Record<string, Record<string, any>> {
  return Object.fromEntries(resourcesOf(connections, type).map((resource) => [resource.name, resource]));
}

/** The `jsonencode({...})` of a connector's configuration, as written. */
function configurationOf(type: 'airbyte_source' | 'airbyte_destination', name: string): string {
  return byName(type)[name].configuration;
}

const GATE = () => `data.http.${Object.keys(connections.json.data!.http)[0]}`;

describe('airbyte-connections stack (dev)', () => {
  it('matches the snapshot', () => {
    expect(connections.json).toMatchSnapshot();
  });

  it('deploys after airbyte, whose outputs configure its provider, and after every stack whose values it reads', () => {
    expect([...platform.manifest.stacks['airbyte-connections'].dependencies].sort()).toEqual(['airbyte', 'postgres', 'postgres-bootstrap', 'secrets', 'snowflake', 'storage']);
  });

  describe('the health gate', () => {
    it("reads the server's health endpoint with bounded retries covering the configured wait, a request timeout and a postcondition on 200 and available", () => {
      const [gate] = Object.values(connections.json.data!.http) as Record<string, any>[];
      const retries = healthRetries(settings.healthGate.waitMinutes, settings.healthGate.requestTimeoutSeconds);
      expect(gate).toMatchObject({
        url: `http://${REMOTE('airbyte')}datakubernetes_service_v1release_server-service_B7098AA6status0load_balancer0ingress0hostname}:8001/api/v1/health`,
        method: 'GET',
        request_timeout_ms: settings.healthGate.requestTimeoutSeconds * 1000,
        retry: { attempts: retries.attempts, min_delay_ms: 5000, max_delay_ms: 30000 },
      });
      expect(settings.healthGate.waitMinutes).toBe(10);
      expect(retries.pauseSeconds).toBeGreaterThanOrEqual(600);
      expect(gate.lifecycle.postcondition).toEqual([
        { condition: '${self.status_code == 200 && try(jsondecode(self.response_body).available, false) == true}', error_message: expect.stringMatching(/pods.*load balancer.*source ranges/) },
      ]);
      expect(gate.depends_on).toBeUndefined();
    });

    it('holds every Airbyte resource back: the workspace depends on it, everything else refers to the workspace or to what does', () => {
      expect(byName('airbyte_workspace')[settings.workspaceName].depends_on).toEqual([GATE()]);
      for (const source of resourcesOf(connections, 'airbyte_source')) expect(source.workspace_id).toMatch(/^\$\{airbyte_workspace\.workspace\.workspace_id\}$/);
      expect(byName('airbyte_destination').snowflake_raw.workspace_id).toBe('${airbyte_workspace.workspace.workspace_id}');
      for (const connection of resourcesOf(connections, 'airbyte_connection')) expect(connection.source_id).toMatch(/^\$\{airbyte_source\./);
      expect(airbyteBehindHealthGate.check(stackResources())).toEqual([]);
    });

    it('is not vacuous: an Airbyte resource that neither depends on the gate nor refers to one that does is reported', () => {
      const resources = stackResources();
      const ungated = resources.all.map((resource) => (resource.type === 'airbyte_workspace' ? { ...resource, attributes: { ...resource.attributes, depends_on: [] } } : resource));
      const violations = airbyteBehindHealthGate.check(new StackResources(ungated, resources.dataOfType('http')));
      expect(violations.map((violation) => violation.address).sort()).toEqual(
        resources.all
          .filter((resource) => resource.type.startsWith('airbyte_'))
          .map((resource) => resource.address)
          .sort(),
      );
    });
  });

  describe('the provider', () => {
    it("is configured only from the airbyte stack's outputs and an ephemeral read of the instance admin's credentials", () => {
      const [provider] = connections.json.provider.airbyte as Record<string, string>[];
      const serverOutput = `${REMOTE('airbyte')}datakubernetes_service_v1release_server-service_B7098AA6status0load_balancer0ingress0hostname}`;
      expect(provider).toEqual({
        server_url: `http://${serverOutput}:8001/api/public/v1`,
        token_url: `http://${serverOutput}:8001/api/public/v1/applications/token`,
        client_id: '${jsondecode(ephemeral.aws_secretsmanager_secret_version.instance-admin.secret_string)["instance-admin-client-id"]}',
        client_secret: '${jsondecode(ephemeral.aws_secretsmanager_secret_version.instance-admin.secret_string)["instance-admin-client-secret"]}',
      });
      expect(connections.json.ephemeral).toEqual({
        aws_secretsmanager_secret_version: { 'instance-admin': { secret_id: expect.stringContaining(`${REMOTE('secrets')}aws_secretsmanager_secretairbyteInstanceAdmin`) } },
      });
    });
  });

  it('creates one workspace, by name from config, referenced by id everywhere (no "Default Workspace" lookup)', () => {
    expect(resourcesOf(connections, 'airbyte_workspace')).toEqual([expect.objectContaining({ name: 'data-platform' })]);
    expect(connections.text).not.toMatch(/Default Workspace/);
  });

  it('writes into Snowflake RAW as the LOADER role and the Airbyte key-pair user, on the loading warehouse', () => {
    const destination = byName('airbyte_destination').snowflake_raw;
    expect(destination.definition_id).toBe(CONNECTOR_DEFINITION_IDS.destinationSnowflake);
    const configuration = destination.configuration;
    expect(configuration).toContain('"host" = "dataplatform-dev.snowflakecomputing.com"');
    expect(configuration).toContain(`"database" = ${REMOTE('snowflake').slice(2)}snowflake_databaseraw_database`);
    expect(configuration).toContain(`"role" = ${REMOTE('snowflake').slice(2)}snowflake_account_roleloader-role`);
    expect(configuration).toContain(`"username" = ${REMOTE('snowflake').slice(2)}snowflake_service_userloader-user`);
    expect(configuration).toContain(`"warehouse" = ${REMOTE('snowflake').slice(2)}snowflake_warehouseloading_warehouse`);
    expect(configuration).toMatch(/"credentials" = \{"auth_type" = "Key Pair Authentication", "private_key" = jsondecode\(data\.aws_secretsmanager_secret_version\.snowflake-loader-key_value_[0-9A-F]+\.secret_string\)\.private_key, "private_key_password" = jsondecode\(data\.aws_secretsmanager_secret_version\.snowflake-loader-key_value_[0-9A-F]+\.secret_string\)\.private_key_passphrase\}/);
    expect(configuration).toContain(`"raw_data_schema" = ${REMOTE('snowflake').slice(2)}snowflake_schemaraw_schema-partnerApis`);
  });

  describe('sources and connections', () => {
    const NAMES = ['amazon_ads', 'amazon_seller_partner', 'documents', 'facebook_marketing', 'oltp_cdc', 'salesforce'];

    it('creates a source and a connection per enabled source, each with the real definition id of its connector', () => {
      expect(AIRBYTE_SOURCE_IDS.every((id) => settings.sources[id].enabled)).toBe(true);
      expect(Object.keys(byName('airbyte_source')).sort()).toEqual(NAMES);
      expect(Object.keys(byName('airbyte_connection')).sort()).toEqual(NAMES);
      expect(Object.fromEntries(Object.entries(byName('airbyte_source')).map(([name, source]) => [name, source.definition_id]))).toEqual({
        oltp_cdc: 'decd338e-5647-4c0b-adf4-da0e75f5a750',
        documents: '69589781-7828-43c5-9f63-8925b1c1ccc2',
        salesforce: 'b117307c-14b6-41aa-9422-947e34922962',
        facebook_marketing: 'e7778cfc-e97c-4458-9ecb-b4f2bba8946c',
        amazon_ads: 'c6b0a29e-1da9-4512-9002-7bfd0cba2246',
        amazon_seller_partner: 'e55879a8-0ef8-4557-abcf-ab34c53ec460',
      });
    });

    it('starts no sync by itself in the environments, where the Airflow batch starts each one (manual); on the Quartz cron when cron is chosen', () => {
      expect(settings.schedule).toEqual({ mode: 'manual', cronExpression: '0 0 */6 * * ? UTC' });
      for (const connection of resourcesOf(connections, 'airbyte_connection')) {
        expect(connection.schedule).toEqual({ schedule_type: 'manual' });
        expect(connection.status).toBe('active');
      }
      const onCron = synthPlatform({ env: 'dev', overrides: { airbyteConnections: { schedule: { mode: 'cron' } } } }).stack('airbyte-connections');
      for (const connection of resourcesOf(onCron, 'airbyte_connection')) expect(connection.schedule).toEqual({ schedule_type: 'cron', cron_expression: '0 0 */6 * * ? UTC' });
    });

    it('maps each source into the RAW schema of its family, partners with a table prefix each', () => {
      const schema = (family: string) => expect.stringMatching(new RegExp(`snowflake_schemaraw_schema-${family}_schema_[0-9A-F]+name\\}$`));
      const expected = {
        oltp_cdc: [schema('oltpCdc'), undefined],
        documents: [schema('documents'), undefined],
        salesforce: [schema('partnerApis'), 'salesforce_'],
        facebook_marketing: [schema('partnerApis'), 'facebook_marketing_'],
        amazon_ads: [schema('partnerApis'), 'amazon_ads_'],
        amazon_seller_partner: [schema('partnerApis'), 'amazon_seller_partner_'],
      };
      for (const [name, connection] of Object.entries(byName('airbyte_connection'))) {
        expect(connection.namespace_definition).toBe('custom_format');
        expect([connection.namespace_format, connection.prefix]).toEqual(expected[name as keyof typeof expected]);
      }
    });

    it('selects the configured streams with their sync modes, incremental with dedup by default, and propagates non-breaking schema changes', () => {
      const streams = (name: string) => byName('airbyte_connection')[name].configurations.streams.map((stream: any) => `${stream.name}:${stream.sync_mode}`);
      expect(streams('oltp_cdc')).toEqual(['customers:incremental_deduped_history', 'projects:incremental_deduped_history']);
      expect(streams('documents')).toEqual(['documents:incremental_deduped_history']);
      expect(streams('salesforce')).toEqual(settings.sources.salesforce.streams.map((stream) => `${stream.name}:incremental_deduped_history`));
      expect(streams('amazon_ads')).toEqual(['profiles:full_refresh_overwrite', 'sponsored_products_campaigns_report_stream_daily:incremental_deduped_history']);
      expect(streams('amazon_seller_partner')).toContain('ListFinancialEvents:incremental_append');
      for (const connection of resourcesOf(connections, 'airbyte_connection')) {
        expect(connection.non_breaking_schema_updates_behavior).toBe('propagate_columns');
        for (const stream of connection.configurations.streams) expect(stream).not.toHaveProperty('selected_fields');
      }
    });

    it('reads the OLTP database directly by CDC: the bootstrap\'s reader, publication and slot, over TLS', () => {
      const configuration = configurationOf('airbyte_source', 'oltp_cdc');
      expect(configuration).toContain(`"username" = ${REMOTE('postgres-bootstrap').slice(2)}postgresql_rolecdc-role`);
      expect(configuration).toMatch(/"password" = jsondecode\(data\.aws_secretsmanager_secret_version\.oltp-cdc-credentials_value_[0-9A-F]+\.secret_string\)\.password/);
      expect(configuration).toContain('"ssl_mode" = {"mode" = "require"}');
      expect(configuration).toMatch(new RegExp(`"replication_method" = \\{"method" = "CDC", "plugin" = "pgoutput", "publication" = ${escape(REMOTE('postgres-bootstrap').slice(2))}postgresql_publication[^,]+, "replication_slot" = ${escape(REMOTE('postgres-bootstrap').slice(2))}postgresql_replication_slot`));
      expect(configuration).toContain('"schemas" = ["public"]');
    });

    it('parses the landed documents with the document parser, reading the landing folder through the pods\' IRSA role only', () => {
      const configuration = configurationOf('airbyte_source', 'documents');
      expect(configuration).toContain('"globs" = ["documents/**"]');
      expect(configuration).toContain('"format" = {"filetype" = "unstructured", "strategy" = "auto", "skip_unprocessable_files" = true, "processing" = {"mode" = "local"}}');
      expect(configuration).not.toMatch(/aws_access_key_id|aws_secret_access_key|role_arn/);
      const [policy] = resourcesOf(connections, 'aws_iam_role_policy');
      expect(policy.role).toContain(`${REMOTE('airbyte')}aws_iam_rolepod-role`);
      const statements = statementsOf(connections, policy.policy);
      expect(statements.flatMap((statement) => statement.actions).sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey', 's3:GetBucketLocation', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket']);
      expect(statements[1].resources).toEqual([expect.stringMatching(/landing-bucket.*arn\}\/documents\/\*$/)]);
    });

    it('takes partner credentials from their secrets, each checked for a value and its properties before anything is planned', () => {
      for (const [name, properties] of Object.entries({
        salesforce: ['client_id', 'client_secret', 'refresh_token'],
        facebook_marketing: ['access_token', 'account_ids'],
        amazon_ads: ['client_id', 'client_secret', 'refresh_token'],
        amazon_seller_partner: ['lwa_app_id', 'lwa_client_secret', 'refresh_token'],
      })) {
        const configuration = configurationOf('airbyte_source', name);
        for (const property of properties) expect(configuration).toMatch(new RegExp(`jsondecode\\(data\\.aws_secretsmanager_secret_version\\.${name}-credentials_value_[0-9A-F]+\\.secret_string\\)\\.${property}`));
      }
      const checks = Object.entries(connections.json.data!.aws_secretsmanager_secret_versions as Record<string, any>);
      expect(checks.map(([name]) => name.replace(/_required_versions_[0-9A-F]+$/, '')).sort()).toEqual([
        'amazon_ads-credentials',
        'amazon_seller_partner-credentials',
        'facebook_marketing-credentials',
        'oltp-cdc-credentials',
        'salesforce-credentials',
        'snowflake-loader-key',
      ]);
      for (const [, check] of checks) expect(check.lifecycle.postcondition[0].condition).toBe('${length(self.versions) > 0}');
      // The value is read only once its check has passed, so an empty secret fails with the check's message, not the provider's "not found".
      for (const [name, value] of Object.entries(connections.json.data!.aws_secretsmanager_secret_version as Record<string, any>)) {
        const secret = name.replace(/_value_[0-9A-F]+$/, '');
        expect(value.depends_on).toEqual([expect.stringMatching(new RegExp(`^data\\.aws_secretsmanager_secret_versions\\.${secret}_required_versions_[0-9A-F]+$`))]);
      }
    });

    it('writes no credential literally: every secret field of every configuration is a reference', () => {
      const SECRET_FIELD = /"(password|client_secret|refresh_token|access_token|lwa_client_secret|private_key|private_key_password)" = (?!jsondecode\(data\.aws_secretsmanager_secret_version\.)/;
      for (const type of ['airbyte_source', 'airbyte_destination'] as const) for (const resource of resourcesOf(connections, type)) expect(resource.configuration).not.toMatch(SECRET_FIELD);
    });
  });

  it("outputs the connection ids by name and the API and token URLs of Airflow's platform_airbyte connection", () => {
    const outputs = connections.json.output!;
    expect(Object.keys(outputs.connection_ids.value as object).sort()).toEqual(['amazon_ads', 'amazon_seller_partner', 'documents', 'facebook_marketing', 'oltp_cdc', 'salesforce']);
    for (const id of Object.values(outputs.connection_ids.value as Record<string, string>)) expect(id).toMatch(/^\$\{airbyte_connection\.[^.]+\.connection_id\}$/);
    expect(outputs.api_url.value).toBe('http://airbyte-airbyte-server-svc.airbyte.svc.cluster.local:8001/api/public/v1');
    expect(outputs.token_url.value).toBe('v1/applications/token');
    // What the Airflow Airbyte provider does with them: the token path resolved against the API base.
    expect(new URL(String(outputs.token_url.value), String(outputs.api_url.value)).pathname).toBe('/api/public/v1/applications/token');
    for (const [name, output] of Object.entries(outputs)) if (!name.startsWith('cross-stack-output-')) expect((output.description ?? '').length).toBeGreaterThan(20);
  });
});

describe('airbyte-connections configuration', () => {
  function problems(overrides: Record<string, unknown>): string[] {
    try {
      loadConfig({ env: 'dev', overrides: { airbyteConnections: overrides } as never });
      return [];
    } catch (error) {
      return (error as { issues: { path: string; message: string }[] }).issues.map((issue) => `${issue.path}: ${issue.message}`);
    }
  }

  it('refuses a cron Airbyte would not take or would show as a change on every plan, naming the fix', () => {
    const fix = 'write a Quartz cron evaluated in UTC: seconds minutes hours day-of-month month day-of-week [year] UTC, e.g. "0 0 */6 * * ? UTC"';
    expect(problems({ schedule: { cronExpression: '0 */6 * * *' } })).toEqual([
      `airbyteConnections.schedule.cronExpression: "0 */6 * * *" does not end with " UTC" (Airbyte returns the expression with it, so without it every plan shows a change); ${fix}`,
    ]);
    expect(problems({ schedule: { cronExpression: '* 0 */6 * * ? UTC' } })[0]).toContain('has "*" as its seconds field; Airbyte accepts only a number of seconds there');
    expect(problems({ schedule: { cronExpression: '0 0 */6 * * * UTC' } })[0]).toContain('sets both day-of-month and day-of-week; Quartz needs "?" in one of them');
    expect(problems({ schedule: { cronExpression: '0 0 6 * UTC' } })[0]).toContain('has 4 time fields; Quartz takes 6 or 7');
  });

  it('refuses a connection without streams or with a stream twice, and a documents folder outside the landing layout', () => {
    expect(problems({ sources: { salesforce: { streams: [] } } })).toEqual(['airbyteConnections.sources.salesforce.streams: must select at least one stream']);
    expect(problems({ sources: { oltpCdc: { streams: [{ name: 'customers' }, { name: 'customers' }] } } })).toEqual([
      'airbyteConnections.sources.oltpCdc.streams: selects customers more than once; list each stream once',
    ]);
    expect(problems({ sources: { documents: { folder: '/documents' } } })[0]).toMatch(/^airbyteConnections\.sources\.documents\.folder: must be a folder of the landing bucket such as "documents\/"/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
