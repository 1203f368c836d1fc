import { Testing } from 'cdktf';
import { loadConfig, type ConfigOverrides } from '../../config';
import { planCapacity, platformSizing, resolveSizing } from '../../config/sizing';
import { PLATFORM_STACKS } from '../../stacks/platform';
import { StorageStack } from '../../stacks/storage';

type Resources = Record<string, Record<string, Record<string, any>>>;

/** The landing bucket's lifecycle rule, as the storage stack synthesizes it for these overrides. */
function landingRule(overrides: ConfigOverrides = {}): Record<string, any> {
  const config = loadConfig({ env: 'dev', overrides });
  const stack = new StorageStack(Testing.app({ stackTraces: false }), PLATFORM_STACKS.storage, { config, sizing: platformSizing(config).storage });
  const resources: Resources = JSON.parse(Testing.synth(stack)).resource;
  const [bucketId] = Object.entries(resources.aws_s3_bucket).find(([, bucket]) => bucket.bucket_prefix === 'dp-dev-landing-')!;
  const lifecycle = Object.values(resources.aws_s3_bucket_lifecycle_configuration).find((candidate) => candidate.bucket === `\${aws_s3_bucket.${bucketId}.id}`);
  return lifecycle!.rule[0];
}

describe('storage stack: landing lifecycle from the capacity model', () => {
  it("tiers the landing bucket at the model's days", () => {
    const tiers = planCapacity(loadConfig({ env: 'dev' }).sizing).landingLifecycle;
    const rule = landingRule();
    expect(rule.transition).toEqual([
      { days: tiers.infrequentAccessAfterDays, storage_class: 'STANDARD_IA' },
      { days: tiers.glacierInstantRetrievalAfterDays, storage_class: 'GLACIER_IR' },
      { days: tiers.deepArchiveAfterDays, storage_class: 'DEEP_ARCHIVE' },
    ]);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: tiers.noncurrentVersionExpirationDays }]);
  });

  it('lets storage.landingLifecycle override a tier, keeping the model for the others', () => {
    const overrides = { storage: { landingLifecycle: { deepArchiveAfterDays: 730 } } };
    const model = planCapacity(loadConfig({ env: 'dev' }).sizing).landingLifecycle;
    expect(resolveSizing(loadConfig({ env: 'dev', overrides })).landingLifecycle).toEqual({ ...model, deepArchiveAfterDays: 730 });
    expect(landingRule(overrides).transition).toEqual([
      { days: model.infrequentAccessAfterDays, storage_class: 'STANDARD_IA' },
      { days: model.glacierInstantRetrievalAfterDays, storage_class: 'GLACIER_IR' },
      { days: 730, storage_class: 'DEEP_ARCHIVE' },
    ]);
  });
});
