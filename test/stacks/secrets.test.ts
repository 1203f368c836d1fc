import { loadConfig } from '../../config';
import { SECRET_CATALOGUE } from '../../config/secret-catalogue';
import { resourcesOf, synthPlatform, type SynthesizedStack } from '../support/synth';

const config = loadConfig({ env: 'dev' });
let secrets: SynthesizedStack;

beforeAll(() => {
  secrets = synthPlatform({ env: 'dev' }).stack('secrets');
});

describe('secrets stack (dev)', () => {
  it('matches the snapshot', () => {
    expect(secrets.json).toMatchSnapshot();
  });

  it('creates one secret per catalogue entry, named under the environment', () => {
    const names = resourcesOf(secrets, 'aws_secretsmanager_secret').map((secret) => secret.name);
    expect(names.sort()).toEqual(Object.values(SECRET_CATALOGUE).map((entry) => `dp/dev/${entry.name}`).sort());
  });

  it('encrypts every secret with the storage stack platform key, read through remote state', () => {
    const remote = Object.keys(secrets.json.data!.terraform_remote_state);
    expect(remote).toEqual(['cross-stack-reference-input-storage']);
    for (const secret of resourcesOf(secrets, 'aws_secretsmanager_secret')) {
      expect(secret.kms_key_id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-storage\.outputs\.cross-stack-output-aws_kms_key.*arn\}$/);
      expect(secret.recovery_window_in_days).toBe(config.secrets.recoveryWindowDays);
      expect(secret.description.length).toBeGreaterThan(20);
    }
  });

  it('never sets a secret value', () => {
    expect(secrets.json.resource.aws_secretsmanager_secret_version).toBeUndefined();
    expect(secrets.text).not.toMatch(/secret_string|secret_binary/);
  });

  it('outputs every secret ARN with a description', () => {
    const outputs = secrets.json.output!;
    expect(Object.keys(outputs)).toHaveLength(Object.keys(SECRET_CATALOGUE).length);
    expect(outputs.snowflake_loader_secret_arn.description).toBe('ARN of the snowflake/loader secret');
    expect(Object.values(outputs).every((output) => String(output.value).endsWith('.arn}'))).toBe(true);
  });
});
