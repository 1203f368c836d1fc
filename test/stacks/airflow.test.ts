import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { ConfigError, loadConfig } from '../../config';
import { SECRET_CATALOGUE } from '../../config/secret-catalogue';
import { filesUnder } from '../../constructs/directory-objects';
import { WORKLOAD_PLACEMENT } from '../../constructs/workload-placement';
import { PLATFORM_STACKS } from '../../stacks/platform';
import { dagFacts, python, REPO_ROOT } from '../dags/support';
import { kubernetesObjectsOf, schemaProblems } from '../support/kubernetes-objects';
import { addressOf, resourcesOf, statementsOf, synthPlatform, type SynthesizedPlatform, type SynthesizedStack } from '../support/synth';
import { helmValuesOf } from '../support/helm';
import { withReferenceFile } from '../support/reference-files';

const config = loadConfig({ env: 'dev' });
const PLATFORM_BATCH = 'dags/platform_batch.py';
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

let platform: SynthesizedPlatform;
let airflow: SynthesizedStack;
let pinned: SynthesizedStack;
let prodValues: Record<string, any>;

beforeAll(() => {
  platform = synthPlatform({ env: 'dev' });
  airflow = platform.stack('airflow');
  pinned = synthPlatform({ env: 'dev', overrides: { airflow: { images: { airflow: `dp-dev/airflow@${DIGEST}`, dbt: `dp-dev/dbt@${DIGEST}` } } } }).stack('airflow');
  prodValues = valuesOf(synthPlatform({ env: 'prod' }).stack('airflow'));
});

function valuesOf(stack: SynthesizedStack): Record<string, any> {
  const [release] = resourcesOf(stack, 'helm_release');
  return helmValuesOf(release);
}

function environmentOf(values: Record<string, any>): Record<string, string> {
  return Object.fromEntries((values.env as { name: string; value: string }[]).map(({ name, value }) => [name, value]));
}

/** The `${...}` reference to an output of another stack. */
function output(stack: string, fragment: string): RegExp {
  return new RegExp(`\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${stack}\\.outputs\\.cross-stack-output-[^}]*${fragment}[^}]*\\}`);
}

/** The IAM role the service account assumes, and the statements of its policy. */
function grantsOf(namespace: string, serviceAccount: string): Record<string, any>[] {
  const role = resourcesOf(airflow, 'aws_iam_role').find((candidate) =>
    statementsOf(airflow, candidate.assume_role_policy)[0].condition.some((condition: { values: string[] }) => condition.values.includes(`system:serviceaccount:${namespace}:${serviceAccount}`)),
  );
  if (!role) return [];
  const address = addressOf(airflow, 'aws_iam_role', role);
  const policy = resourcesOf(airflow, 'aws_iam_role_policy').find((candidate) => candidate.role === `\${${address}.id}`)!;
  return statementsOf(airflow, policy.policy);
}

/** Actions a service account's role allows on resources matching `resource`. */
function actionsOn(grants: Record<string, any>[], resource: RegExp): string[] {
  return grants.filter((statement) => statement.resources.some((arn: string) => resource.test(arn))).flatMap((statement) => statement.actions);
}

function externalSecret(name: string): Record<string, any> {
  const manifest = resourcesOf(airflow, 'kubernetes_manifest').find((candidate) => candidate.manifest.metadata.name === name);
  if (!manifest) throw new Error(`no ExternalSecret ${name}`);
  return manifest;
}

/** Plausible values for the references a rendered value holds, so the DAG's own checks can read it. */
function resolved(text: string): string {
  return text.replace(/\$\{[^}]+\}/g, (reference) => {
    if (reference.includes('image_digest')) return DIGEST;
    if (reference.includes('repository_url')) return '123456789012.dkr.ecr.us-east-1.amazonaws.com/dp-dev/dbt';
    if (reference.includes('bucket')) return 'dp-dev-dbt-artifacts-20260101';
    if (reference.includes('namespace_v1')) return 'dbt';
    if (reference.includes('connection_id')) return '5f0c7e8e-0c1f-4c9a-9d8e-2a0d6a1b2c3d';
    return 'NAME';
  });
}

describe('airflow stack (dev)', () => {
  it('matches the snapshot', () => {
    expect(airflow.json).toMatchSnapshot();
  });

  it('is deployed after every stack it reads: cluster-addons (the ExternalSecret kind), the bootstrap (its database), airbyte-connections (after airbyte)', () => {
    expect([...platform.manifest.stacks.airflow.dependencies].sort()).toEqual(
      ['airbyte-connections', 'cluster-addons', 'eks', 'network', 'postgres', 'postgres-bootstrap', 'secrets', 'snowflake', 'storage'].sort(),
    );
    expect(platform.manifest.stacks['airbyte-connections'].dependencies).toContain('airbyte');
  });

  it('says in the registry why it does not deploy on the emulator', () => {
    expect(PLATFORM_STACKS.airflow.emulator).toEqual({ deploys: false, reason: expect.stringMatching(/Helm and Kubernetes need a real API server.*TLS-only/) });
  });

  it('installs the official chart at the pinned version with the KubernetesExecutor, waiting for it and rolling back a failed install', () => {
    const [release] = resourcesOf(airflow, 'helm_release');
    expect(release).toMatchObject({ name: 'airflow', repository: 'https://airflow.apache.org', chart: 'airflow', version: config.airflow.chartVersion, wait: true, atomic: true, timeout: 900 });
    expect(release.namespace).toMatch(/^\$\{kubernetes_namespace_v1\.airflow-namespace_[^.]+\.metadata\[0\]\.name\}$/);
    expect(valuesOf(airflow)).toMatchObject({ executor: 'KubernetesExecutor', postgresql: { enabled: false }, redis: { enabled: false }, statsd: { enabled: false } });
  });

  describe('versions', () => {
    withReferenceFile('README.md', 'the chart version pinned is the one whose schema the values are checked against', (readmePath) => {
      it('pins the chart version of the schema the values are checked against (../shared/reference)', () => {
        const readme = readFileSync(readmePath, 'utf8');
        const referenceChart = /`airflow-chart-values\.schema\.json`[^\n]*chart \*\*(\d+\.\d+\.\d+)\*\*/.exec(readme)?.[1];
        expect(config.airflow.chartVersion).toBe(referenceChart);
      });
    });

    it('deploys the Airflow version the image is built from (dags/Dockerfile), as airflowVersion and defaultAirflowTag', () => {
      const dockerfile = readFileSync(join(REPO_ROOT, 'dags', 'Dockerfile'), 'utf8');
      expect(/^FROM apache\/airflow:(\d+\.\d+\.\d+)-/m.exec(dockerfile)?.[1]).toBe(config.airflow.airflowVersion);
      expect(/^ARG AIRFLOW_VERSION=(\S+)$/m.exec(dockerfile)?.[1]).toBe(config.airflow.airflowVersion);
      expect(valuesOf(airflow)).toMatchObject({ airflowVersion: '3.2.2', defaultAirflowTag: '3.2.2' });
    });

    it('refuses an Airflow older than the deadline alerts the DAG uses, and a version range', () => {
      expect(() => loadConfig({ env: 'dev', overrides: { airflow: { airflowVersion: '3.0.6' } } })).toThrow(/airflow\.airflowVersion: must be 3\.1\.0 or later: the platform DAG uses deadline alerts/);
      expect(() => loadConfig({ env: 'dev', overrides: { airflow: { chartVersion: '^1.21.0' } } })).toThrow(/airflow\.chartVersion: must be an exact chart version such as "1\.21\.0"/);
    });
  });

  withReferenceFile('airflow-chart-values.schema.json', "the chart values against the chart's JSON schema", (chartSchema) => {
    let validate: ValidateFunction;
    beforeAll(() => {
      const { $schema: _draft, ...schema } = JSON.parse(readFileSync(chartSchema, 'utf8'));
      const ajv = new Ajv({
        strict: false,
        allErrors: true,
        formats: {
          int32: { type: 'number', validate: (value: number) => Number.isInteger(value) && Math.abs(value) < 2 ** 31 },
          int64: { type: 'number', validate: (value: number) => Number.isSafeInteger(value) },
          'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/,
        },
      });
      validate = ajv.compile(schema);
    });

    it.each([
      ['dev', () => valuesOf(airflow)],
      ['dev with pinned images', () => valuesOf(pinned)],
      ['prod', () => prodValues],
    ])('renders values the chart schema accepts (%s)', (_environment, values) => {
      const valid = validate(values());
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    });

    it('fails a misspelt key, so the check is not vacuous', () => {
      const values = valuesOf(airflow);
      expect(validate({ ...values, scheduler: { ...values.scheduler, resource: values.scheduler.resources } })).toBe(false);
      expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/scheduler', keyword: 'additionalProperties', params: { additionalProperty: 'resource' } }));
    });
  });

  describe('images, by digest only', () => {
    it('runs every component, migration and task pod from the Airflow repository by digest', () => {
      const values = valuesOf(airflow);
      const repository = output('storage', 'airflow-image-repository');
      const digest = /^\$\{data\.aws_ecr_image\.airflow-image_[^.]+\.image_digest\}$/;
      expect(values.defaultAirflowRepository).toMatch(repository);
      expect(values.defaultAirflowDigest).toMatch(digest);
      expect(values.images).toEqual({ pod_template: { repository: values.defaultAirflowRepository, tag: `3.2.2@${values.defaultAirflowDigest}` } });
      expect(values.config.kubernetes_executor).toEqual({ worker_container_repository: values.defaultAirflowRepository, worker_container_tag: `3.2.2@${values.defaultAirflowDigest}` });
    });

    it('hands the batch the dbt image by digest (Variable platform_dbt_image)', () => {
      expect(environmentOf(valuesOf(airflow)).AIRFLOW_VAR_PLATFORM_DBT_IMAGE).toMatch(
        /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-storage\.outputs\.[^}]*dbt-image-repository[^}]*repository_url\}@\$\{data\.aws_ecr_image\.dbt-image_[^.]+\.image_digest\}$/,
      );
    });

    it('takes the newest image pushed when config pins none, and looks a pinned digest up so a missing image fails the plan', () => {
      const lookups = (stack: SynthesizedStack) => Object.values(stack.json.data!.aws_ecr_image).map(({ '//': _metadata, repository_name, ...lookup }) => lookup);
      expect(lookups(airflow)).toEqual([{ most_recent: true }, { most_recent: true }]);
      expect(lookups(pinned)).toEqual([{ image_digest: DIGEST }, { image_digest: DIGEST }]);
    });

    it.each([
      ['a tag', 'dp-dev/dbt:latest', '"dp-dev/dbt:latest" names a tag; a tag can be moved to another image, so images are taken by digest only'],
      ['a registry host', `123456789012.dkr.ecr.us-east-1.amazonaws.com/dp-dev/dbt@${DIGEST}`, 'names the registry host, which holds the account id'],
      ['a short digest', 'dp-dev/dbt@sha256:abc', 'is not an image by digest; write "<repository>@sha256:<64 hex>"'],
      ['another repository', `dp-dev/airflow@${DIGEST}`, `airflow.images.dbt: names repository "dp-dev/airflow", but this environment's dbt image lives in "dp-dev/dbt"`],
    ])('refuses %s in config, naming the fix', (_case, dbt, message) => {
      const load = () => loadConfig({ env: 'dev', overrides: { airflow: { images: { dbt } } } });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(message);
    });
  });

  describe('secrets reach pods through External Secrets, never Terraform', () => {
    it('builds the metadata connection from the bootstrap\'s airflow secret, over TLS', () => {
      const metadata = externalSecret('airflow-metadata').manifest;
      expect(metadata.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-secrets-manager' });
      expect(metadata.spec.data.map((entry: { secretKey: string; remoteRef: { key: string; property: string } }) => [entry.secretKey, entry.remoteRef.property])).toEqual(
        ['host', 'port', 'database', 'username', 'password'].map((key) => [key, key]),
      );
      for (const entry of metadata.spec.data) expect(entry.remoteRef.key).toMatch(output('postgres', 'airflow-role-secret'));
      expect(metadata.spec.target.template.data).toEqual({ connection: 'postgresql://{{ .username }}:{{ .password }}@{{ .host }}:{{ .port }}/{{ .database }}?sslmode=require' });
      expect(valuesOf(airflow).data).toEqual({ metadataSecretName: 'airflow-metadata' });
    });

    it.each([
      ['fernetKeySecretName', 'airflow-fernet-key', 'fernet-key', 'airflowFernetKey'],
      ['apiSecretKeySecretName', 'airflow-api-secret-key', 'api-secret-key', 'airflowApiSecretKey'],
      ['jwtSecretName', 'airflow-jwt-secret', 'jwt-secret', 'airflowJwtSecret'],
    ] as const)('gives the chart %s from the generated secret, so no upgrade changes it', (value, secretName, key, catalogueId) => {
      expect(valuesOf(airflow)[value]).toBe(secretName);
      const [entry] = externalSecret(secretName).manifest.spec.data;
      expect(entry.secretKey).toBe(key);
      expect(entry.remoteRef).not.toHaveProperty('property');
      expect(entry.remoteRef.key).toMatch(output('secrets', catalogueId));
      expect(SECRET_CATALOGUE[catalogueId].value.setBy).toBe('platform');
    });

    it('carries each credential\'s rotation version, so raising one syncs it at once and restarts every Airflow pod', () => {
      const rotated = synthPlatform({ env: 'dev', overrides: { secrets: { generatedVersions: { airflowJwtSecret: 2 } } } }).stack('airflow');
      expect(valuesOf(airflow).airflowPodAnnotations).toEqual({ 'data-platform/credential-versions': 'database=1,fernet-key=1,api-secret-key=1,jwt-secret=1,admin-password=1' });
      expect(valuesOf(rotated).airflowPodAnnotations).toEqual({ 'data-platform/credential-versions': 'database=1,fernet-key=1,api-secret-key=1,jwt-secret=2,admin-password=1' });
      const forceSync = (stack: SynthesizedStack) =>
        Object.fromEntries(resourcesOf(stack, 'kubernetes_manifest').map((manifest) => [manifest.manifest.metadata.name, manifest.manifest.metadata.annotations?.['force-sync']]));
      expect(forceSync(rotated)).toEqual({ ...forceSync(airflow), 'airflow-jwt-secret': '2' });
      expect(forceSync(airflow)).toMatchObject({ 'airflow-metadata': '1', 'airflow-fernet-key': '1', 'airflow-api-secret-key': '1', 'airflow-jwt-secret': '1', 'airflow-admin': '1' });
    });

    it('starts the release only once every secret it reads is synced', () => {
      const [release] = resourcesOf(airflow, 'helm_release');
      const waited = ['airflow-metadata', 'airflow-fernet-key', 'airflow-api-secret-key', 'airflow-jwt-secret', 'airflow-admin'].map((name) => {
        const manifest = externalSecret(name);
        expect(manifest.wait).toEqual({ condition: [{ type: 'Ready', status: 'True' }] });
        return `kubernetes_manifest.${addressOf(airflow, 'kubernetes_manifest', manifest).split('.')[1]}`;
      });
      expect([...release.depends_on].sort()).toEqual(waited.sort());
    });

    it('makes the first admin with the generated password, never the chart\'s admin/admin', () => {
      const job = valuesOf(airflow).createUserJob;
      expect(job.useHelmHooks).toBe(false);
      expect(job.env).toEqual([
        { name: 'ADMIN_USERNAME', value: 'admin' },
        { name: 'ADMIN_EMAIL', value: 'admin@example.com' },
        { name: 'ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'airflow-admin', key: 'password' } } },
      ]);
      expect(job.args.join(' ')).toMatch(/airflow users create .*--password "\$ADMIN_PASSWORD" && exec airflow users reset-password --username "\$ADMIN_USERNAME" --password "\$ADMIN_PASSWORD"/);
      expect(JSON.stringify(valuesOf(airflow))).not.toMatch(/"password":"(?!\$)|defaultUser/);
    });

    it('runs migrations and the admin as plain Jobs, which a release that waits for its pods can finish, gone before the next deploy', () => {
      expect(valuesOf(airflow).migrateDatabaseJob).toEqual({ useHelmHooks: false, ttlSecondsAfterFinished: 60 });
      expect(valuesOf(airflow).createUserJob).toMatchObject({ useHelmHooks: false, ttlSecondsAfterFinished: 60 });
    });
  });

  describe('task logs in S3 through IRSA', () => {
    const LOGS = /airflow-logs-bucket[^}]*arn\}\/task-logs\/\*$/;

    it('writes task logs to the logs bucket when each try ends', () => {
      expect(valuesOf(airflow).config.logging).toEqual({
        remote_logging: 'True',
        remote_base_log_folder: expect.stringMatching(/^s3:\/\/\$\{data\.terraform_remote_state\.cross-stack-reference-input-storage\.outputs\.[^}]*airflow-logs-bucket[^}]*bucket\}\/task-logs$/),
        remote_log_conn_id: 'aws_default',
        delete_local_logs: 'True',
      });
    });

    it.each(['airflow-worker', 'airflow-triggerer', 'airflow-dag-processor'])('lets %s read and write task logs, and nothing else of the bucket', (serviceAccount) => {
      const grants = grantsOf('airflow', serviceAccount);
      expect(actionsOn(grants, LOGS).sort()).toEqual(['s3:AbortMultipartUpload', 's3:GetObject', 's3:GetObjectVersion', 's3:ListMultipartUploadParts', 's3:PutObject']);
      expect(actionsOn(grants, /airflow-logs-bucket[^}]*arn\}$/)).toEqual(['s3:ListBucket', 's3:GetBucketLocation']);
    });

    it('lets the API server only read them, and the scheduler nothing on AWS', () => {
      expect(actionsOn(grantsOf('airflow', 'airflow-api-server'), LOGS).sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
      expect(grantsOf('airflow', 'airflow-scheduler')).toEqual([]);
      expect(valuesOf(airflow).scheduler.serviceAccount).toEqual({ create: true, name: 'airflow-scheduler' });
    });

    it('annotates each service account the chart creates with exactly its own role', () => {
      const values = valuesOf(airflow);
      const accounts = {
        'airflow-api-server': values.apiServer.serviceAccount,
        'airflow-dag-processor': values.dagProcessor.serviceAccount,
        'airflow-triggerer': values.triggerer.serviceAccount,
        'airflow-worker': values.workers.kubernetes.serviceAccount,
      };
      for (const [name, account] of Object.entries(accounts)) {
        expect(account).toMatchObject({ create: true, name });
        const role = resourcesOf(airflow, 'aws_iam_role').find((candidate) => account.annotations['eks.amazonaws.com/role-arn'] === `\${${addressOf(airflow, 'aws_iam_role', candidate)}.arn}`)!;
        expect(statementsOf(airflow, role.assume_role_policy)[0].condition).toContainEqual(expect.objectContaining({ values: [`system:serviceaccount:airflow:${name}`] }));
      }
      expect(values.workers.serviceAccount).toEqual({ create: false, name: 'airflow-worker' });
    });
  });

  describe('DAGs as artifacts', () => {
    const DAGS = join(REPO_ROOT, 'dags');
    const objects = () => resourcesOf(airflow, 'aws_s3_object');

    it('ships every file of dags/ as one object of the DAG bucket, and nothing else', () => {
      expect(objects().map((object) => object.key).sort()).toEqual(filesUnder(DAGS).map((path) => `dags/${path}`));
      expect(filesUnder(DAGS)).toEqual(expect.arrayContaining(['platform_batch.py', 'README.md', 'Dockerfile', 'requirements.txt']));
      for (const object of objects()) expect(object.bucket).toMatch(output('storage', 'airflow-dags-bucket'));
    });

    it("keys each object's version by its content: the hash of the file, uploaded from a copy stored by content", () => {
      for (const object of objects()) {
        const content = readFileSync(join(DAGS, object.key.slice('dags/'.length)));
        const sha256 = createHash('sha256').update(content).digest('hex');
        expect({ key: object.key, source_hash: object.source_hash, metadata: object.metadata }).toEqual({ key: object.key, source_hash: sha256, metadata: { sha256 } });
        expect(readFileSync(join(platform.outdir, 'stacks', 'airflow', object.source))).toEqual(content);
        expect(object).not.toHaveProperty('acl');
      }
      expect(airflow.json.output!.dag_objects.value).toEqual(Object.fromEntries(objects().map((object) => [object.key, object.source_hash])));
    });

    it('leaves an unchanged file alone: another synthesis of the same files makes the same upload paths and hashes', () => {
      const shape = (stack: SynthesizedStack) => resourcesOf(stack, 'aws_s3_object').map(({ key, source, source_hash }) => ({ key, source, source_hash }));
      expect(shape(pinned)).toEqual(shape(airflow));
    });

    it("stages the DAG folder with the Amazon provider's S3 DAG bundle", () => {
      const [bundle] = valuesOf(airflow).dagProcessor.dagBundleConfigList;
      expect(valuesOf(airflow).dagProcessor.dagBundleConfigList).toHaveLength(1);
      expect(bundle).toEqual({
        name: 'platform-dags',
        classpath: 'airflow.providers.amazon.aws.bundles.s3.S3DagBundle',
        kwargs: { aws_conn_id: 'aws_default', bucket_name: expect.stringMatching(output('storage', 'airflow-dags-bucket')), prefix: 'dags/', refresh_interval: 60 },
      });
    });

    it('lets only the components that run DAG code read the DAG bucket, list it whole (the S3 DAG bundle checks the bucket), and none write it', () => {
      const DAG_OBJECTS = /airflow-dags-bucket[^}]*arn\}\/\*$/;
      const DAG_BUCKET = /airflow-dags-bucket[^}]*arn\}$/;
      for (const serviceAccount of ['airflow-worker', 'airflow-dag-processor', 'airflow-triggerer']) {
        expect(actionsOn(grantsOf('airflow', serviceAccount), DAG_OBJECTS).sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
        expect(actionsOn(grantsOf('airflow', serviceAccount), DAG_BUCKET).sort()).toEqual(['s3:GetBucketLocation', 's3:ListBucket']);
      }
      expect(actionsOn(grantsOf('airflow', 'airflow-api-server'), /airflow-dags-bucket/)).toEqual([]);
    });
  });

  describe('Connections and Variables', () => {
    it("reads Connections and Variables from Secrets Manager under the environment's prefix, skipping what the environment defines", () => {
      const values = valuesOf(airflow);
      expect(values.config.secrets.backend).toBe('airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend');
      expect(JSON.parse(values.config.secrets.backend_kwargs)).toEqual({
        connections_prefix: 'dp/dev/airflow/connections',
        variables_prefix: 'dp/dev/airflow/variables',
        config_prefix: null,
        connections_lookup_pattern: '^(?!(aws_default)$)',
        variables_lookup_pattern: '^(?!(platform_airbyte_connections|platform_dbt_artifacts_bucket|platform_dbt_image|platform_snowflake)$)',
        region_name: 'us-east-1',
      });
    });

    it.each(['airflow-worker', 'airflow-triggerer', 'airflow-dag-processor', 'airflow-api-server'])('lets %s read only those two prefixes, decrypting through Secrets Manager', (serviceAccount) => {
      const grants = grantsOf('airflow', serviceAccount);
      const secrets = grants.filter((statement) => statement.actions.includes('secretsmanager:GetSecretValue'));
      expect(secrets.flatMap((statement) => statement.resources).map((arn: string) => arn.replace(/^.*:secret:/, ''))).toEqual(['dp/dev/airflow/connections/*', 'dp/dev/airflow/variables/*']);
      const decrypt = grants.filter((statement) => statement.condition?.some((condition: { variable: string }) => condition.variable === 'kms:ViaService'));
      expect(decrypt.map((statement) => statement.condition)).toEqual([
        [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['secretsmanager.us-east-1.amazonaws.com'] }],
        [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['secretsmanager.us-east-1.amazonaws.com'] }],
      ]);
    });

    it("writes platform_airbyte from the instance admin's credentials write-only, under the connections prefix", () => {
      const [secret] = resourcesOf(airflow, 'aws_secretsmanager_secret');
      expect(secret.name).toBe('dp/dev/airflow/connections/platform_airbyte');
      expect(secret.kms_key_id).toMatch(output('storage', 'platform-key'));
      expect(secret['//'].policy_waivers.CKV2_AWS_57).toMatch(/raise secrets\.generatedVersions\.airbyteInstanceAdmin and deploy secrets, airbyte, then airflow/);
      const [version] = resourcesOf(airflow, 'aws_secretsmanager_secret_version');
      expect(version).not.toHaveProperty('secret_string');
      const read = /jsondecode\(ephemeral\.aws_secretsmanager_secret_version\.airbyte-connection_source_[^.]+\.secret_string\)/;
      expect(version.secret_string_wo).toMatch(/^\$\{jsonencode\(\{"conn_type" = "airbyte", "host" = "http:\/\/airbyte-airbyte-server-svc\.airbyte\.svc\.cluster\.local:8001\/api\/public\/v1", "schema" = "v1\/applications\/token", /);
      expect(version.secret_string_wo).toMatch(new RegExp(`"login" = ${read.source}\\["instance-admin-client-id"\\], "password" = ${read.source}\\["instance-admin-client-secret"\\]`));
      const [source] = Object.values(airflow.json.ephemeral!.aws_secretsmanager_secret_version);
      expect(source.secret_id).toMatch(output('secrets', 'airbyteInstanceAdmin'));
      // The version moves with the source's version and the host, and only with what is not secret.
      expect(version.secret_string_wo_version).toMatch(/^\$\{parseint\(substr\(sha256\(jsonencode\(\{"conn_type" = "airbyte", "host" = "[^"]+", "schema" = "v1\/applications\/token", "sourceVersion" = 1\}\)\), 0, 12\), 16\)\}$/);
    });

    it('keeps the Slack connection where the backend finds it, and stops the plan until operators fill it and the dbt key in', () => {
      expect(SECRET_CATALOGUE.slackWebhook.name).toBe('airflow/connections/platform_slack_alerts');
      expect(SECRET_CATALOGUE.slackWebhook.description).toContain('{"conn_type": "slackwebhook", "password": ');
      const checks = Object.values(airflow.json.data!.aws_secretsmanager_secret_versions).map((check) => [check.secret_id, check.lifecycle.postcondition]);
      expect(checks).toEqual(
        expect.arrayContaining([
          [
            expect.stringMatching(output('secrets', 'snowflakeTransformer')),
            [{ condition: '${length(self.versions) > 0}', error_message: expect.stringContaining('Secrets Manager secret dp/dev/snowflake/transformer has no value yet (needed by the dbt tasks of the batch).') }],
          ],
          [
            expect.stringMatching(output('secrets', 'slackWebhook')),
            [{ condition: '${length(self.versions) > 0}', error_message: expect.stringContaining('dp/dev/airflow/connections/platform_slack_alerts has no value yet') }],
          ],
        ]),
      );
      expect(checks).toHaveLength(2);
    });

    describe("the DAG's own checks accept what the stack renders (dags/platform_batch.py)", () => {
      const constants = () => dagFacts([PLATFORM_BATCH])[0].constants as Record<string, any>;
      const environment = () => environmentOf(valuesOf(airflow));

      it('names each Variable and the pod setting as the DAG reads them', () => {
        const names = Object.keys(environment()).filter((name) => name !== 'AIRFLOW_CONN_AWS_DEFAULT').sort();
        const dag = constants();
        expect(names).toEqual(
          [dag.DBT_POD_ENVIRONMENT_VARIABLE, ...[dag.AIRBYTE_CONNECTIONS_VARIABLE, dag.DBT_IMAGE_VARIABLE, dag.SNOWFLAKE_VARIABLE, dag.DBT_ARTIFACTS_BUCKET_VARIABLE].map((variable) => `AIRFLOW_VAR_${variable.toUpperCase()}`)].sort(),
        );
      });

      it('feeds each Variable from the stack that owns the value', () => {
        const env = environment();
        const connectionIds = JSON.parse(env.AIRFLOW_VAR_PLATFORM_AIRBYTE_CONNECTIONS);
        expect(Object.keys(connectionIds).length).toBeGreaterThan(0);
        for (const id of Object.values(connectionIds)) expect(id).toMatch(output('airbyte-connections', 'connection_id'));
        const snowflake = JSON.parse(env.AIRFLOW_VAR_PLATFORM_SNOWFLAKE);
        expect(Object.keys(snowflake)).toEqual(constants().SNOWFLAKE_SETTINGS);
        expect(snowflake.account).toBe('DATAPLATFORM-DEV');
        for (const key of ['user', 'role', 'warehouse', 'database', 'schema', 'raw_database', 'raw_schema']) expect(snowflake[key]).toMatch(output('snowflake', ''));
        expect(env.AIRFLOW_VAR_PLATFORM_DBT_ARTIFACTS_BUCKET).toMatch(output('storage', 'dbt-artifacts-bucket'));
      });

      it('parse in the functions the batch checks them with', () => {
        const env = environment();
        const calls = [
          { function: 'dbt_pod_placement', args: [resolved(env.PLATFORM_DBT_POD)] },
          { function: 'airbyte_connections', args: [JSON.parse(resolved(env.AIRFLOW_VAR_PLATFORM_AIRBYTE_CONNECTIONS))] },
          { function: 'batch_settings', args: [resolved(env.AIRFLOW_VAR_PLATFORM_DBT_IMAGE), JSON.parse(resolved(env.AIRFLOW_VAR_PLATFORM_SNOWFLAKE)), resolved(env.AIRFLOW_VAR_PLATFORM_DBT_ARTIFACTS_BUCKET)] },
        ];
        const results = python<{ value?: any; error?: string }[]>('dag_facts.py', ['call', PLATFORM_BATCH, JSON.stringify(calls)]);
        expect(results.map((result) => result.error)).toEqual([undefined, undefined, undefined]);
        expect(results[0].value).toEqual({
          namespace: 'dbt',
          service_account: 'dbt',
          snowflake_key_secret: 'snowflake-transformer-key',
          aws_region: 'us-east-1',
          node_selector: WORKLOAD_PLACEMENT.orchestration.nodeSelector,
          tolerations: WORKLOAD_PLACEMENT.orchestration.tolerations,
        });
      });
    });
  });

  describe('the dbt namespace', () => {
    it('syncs the TRANSFORMER key pair into the Secret the dbt pods mount', () => {
      const key = externalSecret('snowflake-transformer-key').manifest;
      expect(key.metadata.namespace).toMatch(/kubernetes_namespace_v1\.dbt-namespace_/);
      expect(key.spec.data.map((entry: { secretKey: string; remoteRef: { key: string; property: string } }) => [entry.secretKey, entry.remoteRef.property])).toEqual([
        ['private_key', 'private_key'],
        ['private_key_passphrase', 'private_key_passphrase'],
      ]);
      for (const entry of key.spec.data) expect(entry.remoteRef.key).toMatch(output('secrets', 'snowflakeTransformer'));
    });

    it('gives the dbt pods a service account with no Kubernetes token and one grant: writing dbt docs', () => {
      const [account] = resourcesOf(airflow, 'kubernetes_service_account_v1');
      expect(account).toMatchObject({ metadata: { name: 'dbt', annotations: { 'eks.amazonaws.com/role-arn': expect.stringMatching(/^\$\{aws_iam_role\.dbt-role_/) } }, automount_service_account_token: false });
      const grants = grantsOf('dbt', 'dbt');
      expect(grants.map((statement) => [statement.actions, statement.resources.map((arn: string) => arn.replace(/^.*outputs\.cross-stack-output-/, ''))])).toEqual([
        [['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], [expect.stringMatching(/^aws_s3_bucketdbt-artifacts-bucket_[0-9A-F]+arn\}\/dbt-docs\/\*$/)]],
        [['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], [expect.stringMatching(/platform-key.*arn\}$/)]],
      ]);
    });

    it('lets the workers and the triggerer run dbt pods there, and nothing more', () => {
      const [role] = resourcesOf(airflow, 'kubernetes_role_v1');
      expect(role.rule).toEqual([
        { api_groups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'patch', 'delete'] },
        { api_groups: [''], resources: ['pods/log'], verbs: ['get'] },
        { api_groups: [''], resources: ['events'], verbs: ['get', 'list'] },
      ]);
      const [binding] = resourcesOf(airflow, 'kubernetes_role_binding_v1');
      expect(binding.subject).toEqual([
        { kind: 'ServiceAccount', name: 'airflow-worker', namespace: 'airflow' },
        { kind: 'ServiceAccount', name: 'airflow-triggerer', namespace: 'airflow' },
      ]);
      expect(binding.role_ref).toEqual({ api_group: 'rbac.authorization.k8s.io', kind: 'Role', name: expect.stringMatching(/kubernetes_role_v1\.dbt-pod-runner/) });
    });
  });

  describe('placement and sizing', () => {
    it('puts every Airflow pod, task pods and jobs included, on the orchestration nodes and no component elsewhere', () => {
      const values = valuesOf(airflow);
      expect({ nodeSelector: values.nodeSelector, tolerations: values.tolerations }).toEqual(WORKLOAD_PLACEMENT.orchestration);
      const overrides = ['scheduler', 'apiServer', 'dagProcessor', 'triggerer', 'createUserJob', 'migrateDatabaseJob'].filter((component) => values[component].nodeSelector || values[component].tolerations);
      expect(overrides).toEqual([]);
      expect(values.workers.kubernetes.nodeSelector).toBeUndefined();
    });

    it("sizes task pods and parallelism from the capacity plan, and the components from config within the plan's Airflow figure", () => {
      const values = valuesOf(airflow);
      expect(values.config.core).toEqual({ parallelism: 61 });
      expect(values.workers.kubernetes.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } });
      const cores = (cpu: string) => (cpu.endsWith('m') ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu));
      const total = ['scheduler', 'apiServer', 'dagProcessor', 'triggerer'].reduce((sum, component) => sum + cores(values[component].resources.requests.cpu), 0);
      expect(total).toBe(3);
      expect(() => loadConfig({ env: 'dev', overrides: { airflow: { resources: { scheduler: { cpu: 2, memoryGib: 4 } } } } })).toThrow(
        /airflow\.resources: add up to 4 vCPU \/ 8 GiB, more than the 3 vCPU \/ 6 GiB the capacity model sizes the orchestration nodes for/,
      );
    });

    it('runs every pod as the image\'s non-root user with no privilege escalation', () => {
      expect(valuesOf(airflow).securityContexts).toEqual({
        pod: { runAsUser: 50000, runAsGroup: 0, fsGroup: 0, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      });
    });
  });

  it('creates the airflow and dbt namespaces with their traffic rules, and only objects valid against the Kubernetes and External Secrets schemas', () => {
    expect(resourcesOf(airflow, 'kubernetes_namespace_v1').map((namespace) => namespace.metadata.name).sort()).toEqual(['airflow', 'dbt']);
    const objects = kubernetesObjectsOf(airflow);
    expect(objects.filter((entry) => entry.object.kind === 'NetworkPolicy')).toHaveLength(11);
    expect(schemaProblems(objects)).toEqual([]);
  });
});
