import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { PlatformConfig } from '../../config';
import { awsClientSettings } from './emulator';
import { PROJECT_ROOT } from './tools';

/** A resource in local state whose existence one cheap call can confirm. */
interface Probe {
  readonly what: string;
  readonly exists: (id: string) => Promise<boolean>;
}

export class StaleStateError extends Error {
  constructor(stateFile: string, what: string, id: string, endpoint: string, directory: string) {
    super(
      [
        `${stateFile} records ${what} ${id}, which the emulator at ${endpoint} does not have: the state was written against an emulator that has since restarted or been reset (moto keeps everything in memory).`,
        `Start from empty state: rm -rf ${directory}   then run npm run deploy again. Nothing was deployed.`,
      ].join('\n'),
    );
    this.name = 'StaleStateError';
  }
}

/**
 * Before deploying to the emulator, checks that local state describes what the emulator
 * holds: for each stack with a state file, one recorded resource is looked up. Without this
 * a restarted emulator makes the deploy fail deep inside Terraform (e.g. a NACL that "does not
 * exist"). State kept on the emulator itself (S3 backend) vanishes with it, so needs no check.
 */
export async function assertStateMatchesEmulator(config: PlatformConfig, stacks: readonly string[], projectRoot = PROJECT_ROOT): Promise<void> {
  if (!config.awsEndpoint || config.stateBackend.type !== 'local') return;
  const directory = join(projectRoot, config.stateBackend.directory);
  const settings = awsClientSettings(config);
  const clients = { ec2: new EC2Client(settings), s3: new S3Client(settings), kms: new KMSClient(settings), secrets: new SecretsManagerClient(settings) };
  const notFound = (error: unknown) => /NotFound|NoSuchBucket|does not exist/i.test(`${(error as Error).name} ${(error as Error).message}`);
  const probe = (call: () => Promise<unknown>) =>
    call().then(
      () => true,
      (error) => (notFound(error) ? false : Promise.reject(error)),
    );
  const probes: Readonly<Record<string, Probe>> = {
    aws_vpc: { what: 'VPC', exists: (id) => probe(() => clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [id] }))) },
    aws_s3_bucket: { what: 'bucket', exists: (id) => probe(() => clients.s3.send(new HeadBucketCommand({ Bucket: id }))) },
    aws_kms_key: { what: 'KMS key', exists: (id) => probe(() => clients.kms.send(new DescribeKeyCommand({ KeyId: id }))) },
    aws_secretsmanager_secret: { what: 'secret', exists: (id) => probe(() => clients.secrets.send(new DescribeSecretCommand({ SecretId: id }))) },
  };
  try {
    for (const stack of stacks) {
      const stateFile = join(directory, `${stack}.tfstate`);
      const recorded = existsSync(stateFile) ? firstProbeable(stateFile, Object.keys(probes)) : undefined;
      if (recorded && !(await probes[recorded.type].exists(recorded.id))) {
        throw new StaleStateError(relative(projectRoot, stateFile), probes[recorded.type].what, recorded.id, config.awsEndpoint, relative(projectRoot, directory));
      }
    }
  } finally {
    Object.values(clients).forEach((client) => client.destroy());
  }
}

function firstProbeable(stateFile: string, types: readonly string[]): { type: string; id: string } | undefined {
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { resources?: { mode: string; type: string; instances: { attributes: { id?: string } }[] }[] };
  for (const resource of state.resources ?? []) {
    const id = resource.instances[0]?.attributes.id;
    if (resource.mode === 'managed' && types.includes(resource.type) && id) return { type: resource.type, id };
  }
  return undefined;
}
