import { loadConfig } from '../../config';
import { addressOf, resourcesOf, statementsOf, synthPlatform, type SynthesizedStack } from '../support/synth';

const config = loadConfig({ env: 'dev' });
let storage: SynthesizedStack;
let keyArn: string;

/** The resource of `type` that configures the bucket with `prefix`. */
function configOf(type: string, prefix: string): Record<string, any> {
  const bucket = resourcesOf(storage, 'aws_s3_bucket').find((candidate) => candidate.bucket_prefix === prefix);
  if (!bucket) throw new Error(`no bucket with prefix ${prefix}`);
  const address = addressOf(storage, 'aws_s3_bucket', bucket);
  const matches = resourcesOf(storage, type).filter((resource) => resource.bucket === `\${${address}.id}`);
  expect(matches).toHaveLength(1);
  return matches[0];
}

const DATA_BUCKETS = ['dp-dev-landing-', 'dp-dev-airflow-logs-', 'dp-dev-airflow-dags-', 'dp-dev-dbt-artifacts-', 'dp-dev-airbyte-'];
const ALL_BUCKETS = [...DATA_BUCKETS, 'dp-dev-access-logs-'];

beforeAll(() => {
  storage = synthPlatform({ env: 'dev' }).stack('storage');
  keyArn = `\${${addressOf(storage, 'aws_kms_key', resourcesOf(storage, 'aws_kms_key')[0])}.arn}`;
});

describe('storage stack (dev)', () => {
  it('matches the snapshot', () => {
    expect(storage.json).toMatchSnapshot();
  });

  it('creates one rotating platform key with an alias', () => {
    expect(resourcesOf(storage, 'aws_kms_key')).toEqual([expect.objectContaining({ enable_key_rotation: true })]);
    expect(resourcesOf(storage, 'aws_kms_key')[0]).not.toHaveProperty('rotation_period_in_days');
    expect(resourcesOf(storage, 'aws_kms_alias')).toEqual([expect.objectContaining({ name: 'alias/dp-dev-data' })]);
  });

  it('creates the six buckets with generated, collision-free names and no force_destroy', () => {
    const buckets = resourcesOf(storage, 'aws_s3_bucket');
    expect(buckets.map((bucket) => bucket.bucket_prefix).sort()).toEqual([...ALL_BUCKETS].sort());
    expect(buckets.every((bucket) => bucket.force_destroy === false && bucket.bucket === undefined)).toBe(true);
  });

  it.each(DATA_BUCKETS)('encrypts %s with the platform key and a bucket key', (prefix) => {
    expect(configOf('aws_s3_bucket_server_side_encryption_configuration', prefix).rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: keyArn }, bucket_key_enabled: true },
    ]);
  });

  it('encrypts the access-log bucket with SSE-S3, the only encryption S3 log delivery supports', () => {
    expect(configOf('aws_s3_bucket_server_side_encryption_configuration', 'dp-dev-access-logs-').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
  });

  it.each(ALL_BUCKETS)('blocks public access, disables ACLs, versions and requires TLS on %s', (prefix) => {
    expect(configOf('aws_s3_bucket_public_access_block', prefix)).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(configOf('aws_s3_bucket_ownership_controls', prefix).rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(configOf('aws_s3_bucket_versioning', prefix).versioning_configuration).toEqual({ status: 'Enabled' });
    const [denyPlainHttp] = statementsOf(storage, configOf('aws_s3_bucket_policy', prefix).policy);
    expect(denyPlainHttp).toMatchObject({
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      actions: ['s3:*'],
      principals: [{ type: 'AWS', identifiers: ['*'] }],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
  });

  it.each(DATA_BUCKETS)('logs access to %s into the access-log bucket after its policy exists', (prefix) => {
    const logging = configOf('aws_s3_bucket_logging', prefix);
    expect(logging.target_prefix).toBe(`${prefix}/`);
    expect(logging.target_bucket).toMatch(/^\$\{aws_s3_bucket\.access-log-bucket.*\.bucket\}$/);
    expect(logging.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.access-log-bucket/)]);
  });

  it('lets only the S3 logging service of this account write access logs', () => {
    const [, delivery] = statementsOf(storage, configOf('aws_s3_bucket_policy', 'dp-dev-access-logs-').policy);
    expect(delivery).toMatchObject({ effect: 'Allow', actions: ['s3:PutObject'], principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }] });
    expect(delivery.condition).toEqual([
      { test: 'ArnLike', variable: 'aws:SourceArn', values: [expect.stringMatching(/:s3:::dp-dev-\*$/)] },
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [expect.stringMatching(/^\$\{element\(split/)] },
    ]);
  });

  it('tiers the landing bucket down as configured and never expires current data', () => {
    const tiers = config.storage.landingLifecycle;
    const [rule] = configOf('aws_s3_bucket_lifecycle_configuration', 'dp-dev-landing-').rule;
    expect(rule.transition).toEqual([
      { days: tiers.infrequentAccessAfterDays, storage_class: 'STANDARD_IA' },
      { days: tiers.glacierInstantRetrievalAfterDays, storage_class: 'GLACIER_IR' },
      { days: tiers.deepArchiveAfterDays, storage_class: 'DEEP_ARCHIVE' },
    ]);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: tiers.noncurrentVersionExpirationDays }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
    expect(rule.expiration).toBeUndefined();
  });

  it('expires access logs after the configured retention', () => {
    const [rule] = configOf('aws_s3_bucket_lifecycle_configuration', 'dp-dev-access-logs-').rule;
    expect(rule.expiration).toEqual([{ days: config.storage.accessLogRetentionDays }]);
  });

  it("moves Airbyte's logs and state to STANDARD_IA and expires them as configured", () => {
    const [rule] = configOf('aws_s3_bucket_lifecycle_configuration', 'dp-dev-airbyte-').rule;
    expect(rule.transition).toEqual([{ days: config.storage.airbyte.infrequentAccessAfterDays, storage_class: 'STANDARD_IA' }]);
    expect(rule.expiration).toEqual([{ days: config.storage.airbyte.expirationDays }]);
    expect([config.storage.airbyte.infrequentAccessAfterDays, config.storage.airbyte.expirationDays]).toEqual([30, 365]);
  });

  it('creates the dbt and Airflow image repositories with immutable tags, scanning and KMS', () => {
    expect(resourcesOf(storage, 'aws_ecr_repository')).toEqual(
      ['dp-dev/airflow', 'dp-dev/dbt'].map((name) =>
        expect.objectContaining({
          name,
          image_tag_mutability: 'IMMUTABLE',
          image_scanning_configuration: { scan_on_push: true },
          encryption_configuration: [{ encryption_type: 'KMS', kms_key: keyArn }],
          force_delete: false,
        }),
      ),
    );
    for (const policy of resourcesOf(storage, 'aws_ecr_lifecycle_policy')) {
      const lifecycle = JSON.parse(policy.policy);
      expect(lifecycle.rules.map((rule: { selection: { tagStatus: string; countNumber: number } }) => rule.selection)).toEqual([
        expect.objectContaining({ tagStatus: 'untagged', countNumber: config.storage.untaggedImageExpiryDays }),
        expect.objectContaining({ tagStatus: 'any', countNumber: config.storage.keepTaggedImages }),
      ]);
    }
  });

  it('declares the outputs later stacks consume, each with a description', () => {
    const outputs = Object.entries(storage.json.output!).filter(([name]) => !name.startsWith('cross-stack-output-'));
    expect(outputs.map(([name]) => name).sort()).toEqual([
      'access_logs_bucket_name',
      'airbyte_bucket_name',
      'airflow_dags_bucket_name',
      'airflow_image_repository_url',
      'airflow_logs_bucket_name',
      'dbt_artifacts_bucket_name',
      'dbt_image_repository_url',
      'landing_bucket_name',
      'platform_key_arn',
    ]);
    expect(outputs.every(([, output]) => (output.description ?? '').length > 0)).toBe(true);
  });
});
