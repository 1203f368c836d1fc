import { DescribeSecretCommand, GetSecretValueCommand, ListSecretVersionIdsCommand } from '@aws-sdk/client-secrets-manager';
import { SECRET_CATALOGUE, type SecretEntry } from '../../config/secret-catalogue';
import type { Checks, DeployedPlatform, StackOnEmulator } from '../deploy/emulator-stack';

/** The secrets stack on the emulator: entries encrypted, operator entries empty, generated values present and in no state file. */
export const onEmulator: StackOnEmulator = {
  creates: ['secret'],
  check: checkSecrets,
  driftGaps: [],
  leftovers: [{ kind: 'secret', alsoOnAws: true, reason: 'secrets wait out their recovery window', matches: (item) => item.state === 'scheduled-deletion' }],
};

/** What a generated value must look like, by format. */
const GENERATED_SHAPES: Readonly<Record<string, (value: string) => boolean>> = {
  password: (value) => /^[A-Za-z0-9]{48}$/.test(value),
  'fernet-key': (value) => /^[A-Za-z0-9_-]{43}=$/.test(value) && Buffer.from(value, 'base64url').length === 32,
  'airbyte-instance-admin': (value) => {
    const parsed = jsonObject(value);
    return (
      /^[A-Za-z0-9]{32}$/.test(parsed['instance-admin-password']) &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(parsed['instance-admin-client-id']) &&
      /^[A-Za-z0-9]{32}$/.test(parsed['instance-admin-client-secret']) &&
      /^[A-Za-z0-9]{32}$/.test(parsed['jwt-signature-secret'])
    );
  },
};

async function checkSecrets(deployed: DeployedPlatform, checks: Checks): Promise<void> {
  const { config, aws } = deployed;
  const keyArn = String(deployed.outputs.storage.platform_key_arn);
  const states = await deployed.stateFiles();
  const arns: string[] = [];
  for (const entry of Object.values(SECRET_CATALOGUE) as SecretEntry[]) {
    const name = `${config.namePrefix}/${config.environment}/${entry.name}`;
    const secret = await aws.secrets.send(new DescribeSecretCommand({ SecretId: name }));
    arns.push(String(secret.ARN));
    checks.equal(`secret ${name} key`, secret.KmsKeyId, keyArn);
    const versions = (await aws.secrets.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }))).Versions ?? [];
    if (entry.value.setBy === 'operator') {
      checks.equal(`secret ${name} holds no value set by code`, versions.length, 0);
      continue;
    }
    const value = (await aws.secrets.send(new GetSecretValueCommand({ SecretId: name }))).SecretString ?? '';
    checks.ok(`generated secret ${name} holds a ${entry.value.format}`, GENERATED_SHAPES[entry.value.format](value), `${value.length} characters of the wrong shape`);
    // Each random part on its own, so a copy in state is found whatever JSON escaping it got.
    const parts = entry.value.format === 'airbyte-instance-admin' ? Object.values(jsonObject(value)) : [value];
    checks.ok(`generated secret ${name} appears in no state file (written through secret_string_wo)`, value !== '' && states.every((state) => parts.every((part) => !state.includes(part))));
  }
  // cdktf adds a cross-stack-output-* for each value another stack reads; the declared outputs are the others.
  const declared = Object.entries(deployed.outputs.secrets).filter(([name]) => !name.startsWith('cross-stack-output-'));
  checks.equal('secrets stack outputs name every secret', declared.map(([, value]) => String(value)).sort(), arns.sort());
}

function jsonObject(value: string): Record<string, string> {
  try {
    return JSON.parse(value) as Record<string, string>;
  } catch {
    return {};
  }
}
