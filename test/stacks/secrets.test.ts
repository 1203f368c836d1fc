import { loadConfig } from '../../config';
import { GENERATED_SECRET_IDS, SECRET_CATALOGUE, type SecretId } from '../../config/secret-catalogue';
import { resourcesOf, synthPlatform, type SynthesizedPlatform, type SynthesizedStack } from '../support/synth';

const config = loadConfig({ env: 'dev' });
let platform: SynthesizedPlatform;
let secrets: SynthesizedStack;

beforeAll(() => {
  platform = synthPlatform({ env: 'dev' });
  secrets = platform.stack('secrets');
});

/** The synthesized secret of a catalogue entry, with its Terraform address. */
function secretOf(id: SecretId): { address: string; secret: Record<string, any> } {
  const [name, secret] = Object.entries(secrets.json.resource.aws_secretsmanager_secret).find(([, candidate]) => candidate.name === `dp/dev/${SECRET_CATALOGUE[id].name}`)!;
  return { address: `aws_secretsmanager_secret.${name}`, secret };
}

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

  it('is deployed after storage, whose key it reads', () => {
    expect(platform.manifest.stacks.secrets.dependencies).toEqual(['storage']);
  });

  it('sets no value for the secrets operators fill in', () => {
    const written = resourcesOf(secrets, 'aws_secretsmanager_secret_version').map((version) => version.secret_id);
    for (const id of (Object.keys(SECRET_CATALOGUE) as SecretId[]).filter((id) => !GENERATED_SECRET_IDS.includes(id as never))) {
      expect(written).not.toContain(`\${${secretOf(id).address}.id}`);
    }
  });

  it('generates the values the platform can make, write-only from an ephemeral random password, versioned by config', () => {
    const versions = resourcesOf(secrets, 'aws_secretsmanager_secret_version');
    expect(versions).toHaveLength(GENERATED_SECRET_IDS.length);
    for (const id of GENERATED_SECRET_IDS) {
      const version = versions.find((candidate) => candidate.secret_id === `\${${secretOf(id).address}.id}`)!;
      expect(Object.keys(version).filter((key) => key !== '//').sort()).toEqual(['secret_id', 'secret_string_wo', 'secret_string_wo_version']);
      expect(version.secret_string_wo).toMatch(/ephemeral\.aws_secretsmanager_random_password\./);
      expect(version.secret_string_wo_version).toBe(config.secrets.generatedVersions[id]);
    }
    expect(secrets.text).not.toMatch(/"secret_string"|"secret_binary"/);
  });

  it('makes the Fernet key 32 bytes of url-safe base64, and the Airbyte admin the keys of the chart\'s auth Secret', () => {
    const valueOf = (id: SecretId) => resourcesOf(secrets, 'aws_secretsmanager_secret_version').find((v) => v.secret_id === `\${${secretOf(id).address}.id}`)!.secret_string_wo;
    expect(valueOf('airflowFernetKey')).toMatch(/^\$\{replace\(replace\(base64encode\(ephemeral\.aws_secretsmanager_random_password\.[^)]+\), "\+", "-"\), "\/", "_"\)\}$/);
    const passwords = Object.values(secrets.json.ephemeral!.aws_secretsmanager_random_password);
    expect(passwords.map((settings) => [settings.password_length, settings.exclude_punctuation]).sort()).toEqual([
      [32, true],
      [48, true],
      [48, true],
      [48, true],
      [96, true],
    ]);
    for (const key of ['instance-admin-password', 'instance-admin-client-id', 'instance-admin-client-secret', 'jwt-signature-secret']) {
      expect(valueOf('airbyteInstanceAdmin')).toContain(`"${key}" =`);
    }
  });

  it('waives automatic rotation for every secret, with who rotates it, how and how often', () => {
    for (const id of Object.keys(SECRET_CATALOGUE) as SecretId[]) {
      const why = secretOf(id).secret['//'].policy_waivers.CKV2_AWS_57;
      expect(why).toMatch(/every 90 days/);
      expect(why).toMatch(/Rotated every 90 days by the data-platform team|The data-platform team rotates it every 90 days: raise secrets\.generatedVersions\./);
    }
  });

  it('reads the storage key from the same S3 state in prod', () => {
    const remote = synthPlatform({ env: 'prod' }).stack('secrets').json.data!.terraform_remote_state['cross-stack-reference-input-storage'];
    expect(remote).toMatchObject({ backend: 's3', config: { bucket: 'dp-prod-terraform-state', key: 'data-platform/prod/storage.tfstate' } });
  });

  it('outputs every secret ARN with a description', () => {
    const outputs = Object.fromEntries(Object.entries(secrets.json.output!).filter(([name]) => !name.startsWith('cross-stack-output-')));
    expect(Object.keys(outputs)).toHaveLength(Object.keys(SECRET_CATALOGUE).length);
    expect(outputs.snowflake_loader_secret_arn.description).toBe('ARN of the snowflake/loader secret');
    expect(Object.values(outputs).every((output) => String(output.value).endsWith('.arn}'))).toBe(true);
  });
});
